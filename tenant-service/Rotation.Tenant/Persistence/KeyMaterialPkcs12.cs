using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Tenant.Persistence;

/// <summary>
/// How the tenant keeps key material at rest, in every store: a password-protected PKCS#12 (PBES2, AES-256-CBC,
/// PBKDF2-SHA256). The data directory writes one per keystore generation; PostgreSQL one per key pair.
/// </summary>
internal static class KeyMaterialPkcs12
{
    /// <summary>
    /// The loader's defaults guard against hostile uploads (at most 200 certificates and keys, 1,000,000 KDF
    /// iterations in all); this material is our own, and the key history keeps every retired key pair for at least
    /// 90 days, so it legitimately outgrows them. Per-bag iteration and MAC limits stay as they are.
    /// </summary>
    private static readonly Pkcs12LoaderLimits OwnLimits = new(Pkcs12LoaderLimits.Defaults)
    {
        MaxCertificates = null,
        MaxKeys = null,
        TotalKdfIterationLimit = null,
    };

    public static byte[] Export(IEnumerable<X509Certificate2> certificates, string password) =>
        new X509Certificate2Collection(certificates.ToArray()).ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);

    /// <summary>
    /// The certificates by fingerprint, the one with a private key where both are present. <paramref name="where"/>
    /// and <paramref name="passwordSource"/> name the material and its password in the errors.
    /// </summary>
    public static Dictionary<string, X509Certificate2> Load(byte[] pkcs12, string password, string where, string passwordSource)
    {
        X509Certificate2Collection certificates;
        try
        {
            certificates = X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.Exportable, OwnLimits);
        }
        catch (Pkcs12LoadLimitExceededException e)
        {
            throw new InvalidDataException($"the keystore {where} exceeds a PKCS#12 loading limit: {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"cannot open the keystore {where}: the keystore password ({passwordSource}) does not match", e);
        }
        var byFingerprint = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (var certificate in certificates)
        {
            var fingerprint = CertificateInfo.Fingerprint(certificate);
            if (!byFingerprint.TryGetValue(fingerprint, out var known) || (!known.HasPrivateKey && certificate.HasPrivateKey))
                byFingerprint[fingerprint] = certificate;
        }
        return byFingerprint;
    }
}
