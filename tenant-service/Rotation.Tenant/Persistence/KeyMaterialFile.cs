using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.Persistence;

/// <summary>
/// The key material of one keystore as a password-protected PKCS#12 (PBES2, AES-256-CBC, PBKDF2-SHA256): every
/// certificate of the entries and the key history once, with its private key where it has one.
/// </summary>
internal sealed class KeyMaterialFile(string password, string passwordSource)
{
    /// <summary>
    /// The loader's defaults guard against hostile uploads (at most 200 certificates and keys, 1,000,000 KDF
    /// iterations in all); this file is our own, and the key history keeps every retired key pair for at least
    /// 90 days, so it legitimately outgrows them. Per-bag iteration and MAC limits stay as they are.
    /// </summary>
    private static readonly Pkcs12LoaderLimits OwnFileLimits = new(Pkcs12LoaderLimits.Defaults)
    {
        MaxCertificates = null,
        MaxKeys = null,
        TotalKdfIterationLimit = null,
    };

    public Task WriteAsync(string path, KeystoreSnapshot keystore, CancellationToken cancellationToken)
    {
        var distinct = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        void Add(string fingerprint, X509Certificate2 certificate)
        {
            if (!distinct.TryGetValue(fingerprint, out var known) || (!known.HasPrivateKey && certificate.HasPrivateKey))
                distinct[fingerprint] = certificate;
        }
        foreach (var entry in keystore.Entries.Values) Add(entry.Fingerprint, entry.Certificate);
        foreach (var retired in keystore.History) Add(retired.Fingerprint, retired.Certificate);
        var pkcs12 = new X509Certificate2Collection(distinct.Values.ToArray()).ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
        return AtomicFile.WriteAsync(path, pkcs12, ownerOnly: true, cancellationToken);
    }

    /// <summary>The certificates by fingerprint, the one with a private key where both are present.</summary>
    public Dictionary<string, X509Certificate2> Read(string path)
    {
        X509Certificate2Collection certificates;
        try
        {
            certificates = X509CertificateLoader.LoadPkcs12Collection(File.ReadAllBytes(path), password, X509KeyStorageFlags.Exportable, OwnFileLimits);
        }
        catch (Pkcs12LoadLimitExceededException e)
        {
            throw new InvalidDataException($"the keystore {path} exceeds a PKCS#12 loading limit: {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"cannot open the keystore {path}: the keystore password ({passwordSource}) does not match", e);
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
