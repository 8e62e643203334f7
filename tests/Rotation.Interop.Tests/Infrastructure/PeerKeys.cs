using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Testing.Keys;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>The key kinds the interop tests sign with.</summary>
public enum PeerKeyKind
{
    Rsa2048,
    EcP256,
    EcP384,
    /// <summary>EC P-256 whose DN has a comma and a plus in a value: X509IssuerName must escape them the RFC 2253 way.</summary>
    EcP256SpecialName,
    /// <summary>EC P-256 whose DN has non-ASCII letters (libxmlsec1 writes them as RFC 2253 \hex escapes of their UTF-8 bytes).</summary>
    EcP256NonAsciiName,
}

/// <summary>
/// Key pairs made once per test class (RSA key generation is the slow part), each a self-signed
/// certificate valid from an hour ago for a day, as CertificateFactory makes them for the tenant.
/// On the system clock: the peers check validity against the machine's time.
/// </summary>
public sealed class PeerKeys : KeyPairFixture
{
    private readonly Dictionary<PeerKeyKind, X509Certificate2> _keys;

    public PeerKeys() : base(TimeProvider.System)
    {
        _keys = new()
        {
            [PeerKeyKind.Rsa2048] = Create("CN=Rotation Interop RSA, O=Rotation Test, C=DE", KeyAlgorithm.Rsa2048),
            [PeerKeyKind.EcP256] = Create("CN=Rotation Interop EC P-256, O=Rotation Test, C=DE", KeyAlgorithm.EcP256),
            [PeerKeyKind.EcP384] = Create("CN=Rotation Interop EC P-384, O=Rotation Test, C=DE", KeyAlgorithm.EcP384),
            [PeerKeyKind.EcP256SpecialName] = Create("CN=\"Acme, Inc. + Partners\", O=Rotation Test, C=DE", KeyAlgorithm.EcP256),
            // No '&' or '<' in a DN here: libxmlsec1 1.2.37 puts the name into the XML unescaped and then writes an empty X509IssuerName.
            [PeerKeyKind.EcP256NonAsciiName] = Create("CN=Müller Söhne, O=Rotation Test, C=DE", KeyAlgorithm.EcP256),
        };
        // A second RSA key: "signed by someone else" for the wrong-key checks.
        Stranger = Create("CN=Rotation Interop Stranger, O=Elsewhere, C=DE", KeyAlgorithm.Rsa2048);
    }

    public X509Certificate2 this[PeerKeyKind kind] => _keys[kind];

    public X509Certificate2 Stranger { get; }

    private X509Certificate2 Create(string subject, KeyAlgorithm algorithm) => SelfSigned(subject, algorithm, TimeSpan.FromHours(-1), TimeSpan.FromDays(1));
}
