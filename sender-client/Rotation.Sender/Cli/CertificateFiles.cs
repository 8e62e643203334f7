using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Cli;

/// <summary>Loads --trust files; an unreadable one is a usage error reported as a value.</summary>
internal static class CertificateFiles
{
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
