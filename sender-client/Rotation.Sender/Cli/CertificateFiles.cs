using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Cli;

/// <summary>Loads --trust files (and the --tenant-tls pin); an unreadable one is a usage error reported as a value.</summary>
internal static class CertificateFiles
{
    /// <summary>The certificates to trust and the tenant's pinned TLS certificate (null when none is given).</summary>
    public static async Task<(List<X509Certificate2> Trusted, X509Certificate2? TlsPin, string? Error)> LoadTrustAndPinAsync(
        IEnumerable<string> trustPaths, string? tlsPath, CancellationToken cancellationToken)
    {
        var (trusted, trustError) = await LoadAsync(trustPaths, cancellationToken);
        if (trustError is not null) return (trusted, null, trustError);
        var (pin, pinError) = await LoadAsync(tlsPath is null ? [] : [tlsPath], cancellationToken);
        return (trusted, pin.FirstOrDefault(), pinError);
    }

    public static async Task<(List<X509Certificate2> Certificates, string? Error)> LoadAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var path in paths)
        {
            try
            {
                certificates.Add(await CertificateText.LoadFileAsync(path, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or FormatException)
            {
                return (certificates, $"cannot read certificate '{path}': {ex.Message}");
            }
        }
        return (certificates, null);
    }
}
