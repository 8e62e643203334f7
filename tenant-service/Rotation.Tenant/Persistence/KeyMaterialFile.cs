using System.Security.Cryptography.X509Certificates;
using Rotation.Hosting.Storage;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.Persistence;

/// <summary>
/// The key material of one keystore as a <see cref="KeyMaterialPkcs12"/> file: every certificate of the entries, the
/// key history and the backup keystore once, with its private key where it has one.
/// </summary>
internal sealed class KeyMaterialFile(string password, string passwordSource)
{
    public Task WriteAsync(string path, KeystoreSnapshot keystore, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, KeyMaterialPkcs12.Export(DistinctCertificates(keystore).Values, password), ownerOnly: true, cancellationToken);

    /// <summary>The certificates by fingerprint, the one with a private key where both are present.</summary>
    public Dictionary<string, X509Certificate2> Read(string path) =>
        KeyMaterialPkcs12.Load(File.ReadAllBytes(path), password, path, passwordSource);

    /// <summary>Every certificate of the entries, the history and the backup once by fingerprint, the one with a private key where both are present.</summary>
    public static Dictionary<string, X509Certificate2> DistinctCertificates(KeystoreSnapshot keystore)
    {
        var distinct = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        void Add(string fingerprint, X509Certificate2 certificate)
        {
            if (!distinct.TryGetValue(fingerprint, out var known) || (!known.HasPrivateKey && certificate.HasPrivateKey))
                distinct[fingerprint] = certificate;
        }
        foreach (var entry in keystore.Entries.Values) Add(entry.Fingerprint, entry.Certificate);
        foreach (var retired in keystore.History) Add(retired.Fingerprint, retired.Certificate);
        foreach (var backedUp in keystore.Backup.Entries.Values) Add(backedUp.Fingerprint, backedUp.Certificate);
        return distinct;
    }
}
