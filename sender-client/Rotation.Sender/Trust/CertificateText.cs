using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rotation.Sender.Trust;

/// <summary>Reads certificates the way administrators hand them over: PEM text or DER bytes.</summary>
public static class CertificateText
{
    public static X509Certificate2 Parse(ReadOnlySpan<byte> data)
    {
        var text = Encoding.ASCII.GetString(data);
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) return ParsePem(text);
        return X509CertificateLoader.LoadCertificate(data);
    }

    public static X509Certificate2 ParsePem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        // Take the first CERTIFICATE block only: a bundle with a private key must not smuggle it into a trust store.
        var remaining = pem.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            if (remaining[fields.Label].SequenceEqual("CERTIFICATE"))
                return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(remaining[fields.Base64Data].ToString()));
            remaining = remaining[fields.Location.End..];
        }
        throw new CryptographicException("no CERTIFICATE block in the PEM text");
    }

    public static async Task<X509Certificate2> LoadFileAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>Parses PEM text; the error is a value because the text comes from an admin request.</summary>
    public static bool TryParsePem(string? pem, out X509Certificate2? certificate, out string error)
    {
        certificate = null;
        error = "";
        if (string.IsNullOrWhiteSpace(pem))
        {
            error = "a PEM certificate is required";
            return false;
        }
        try
        {
            certificate = ParsePem(pem);
            return true;
        }
        catch (CryptographicException ex)
        {
            error = $"not a PEM certificate: {ex.Message}";
            return false;
        }
        catch (ArgumentException ex)
        {
            error = $"not a PEM certificate: {ex.Message}";
            return false;
        }
    }
}
