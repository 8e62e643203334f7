using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Keys;

/// <summary>
/// A key pair that an exchange replaced, kept in the key history with the time it was retired (at least 90 days,
/// docs/DESIGN.md §10): the tenant's and the sender's keystores keep the same record.
/// </summary>
public sealed class KeyHistoryEntry
{
    public KeyHistoryEntry(string id, string alias, X509Certificate2 withPrivateKey, DateTimeOffset createdAt, DateTimeOffset retiredAt, SigningKey? signingKey = null)
    {
        SigningKey = signingKey ?? new SigningKey(withPrivateKey);
        Id = id;
        Alias = alias;
        Certificate = withPrivateKey;
        CreatedAt = createdAt;
        RetiredAt = retiredAt;
        Fingerprint = CertificateInfo.Fingerprint(withPrivateKey);
    }

    public string Id { get; }

    /// <summary>The alias the key pair was retired from.</summary>
    public string Alias { get; }

    public string Fingerprint { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset RetiredAt { get; }

    /// <summary>
    /// With its private key, for the keystore that owns the entry (its file, a rollback that signs with it again):
    /// never serialised, and every API hands out <see cref="PublicCertificate"/>.
    /// </summary>
    [JsonIgnore]
    public X509Certificate2 Certificate { get; }

    /// <summary>A retired key pair can still sign when a signer is pinned to its fingerprint (rollback).</summary>
    [JsonIgnore]
    public SigningKey SigningKey { get; }

    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);
}
