using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// Every key pair the suite needs, generated once per test run: RSA key generation dominates
/// the run time otherwise. All validity periods are relative to <see cref="Epoch"/>, the fixed
/// instant the fixture's clock and every fake clock of the tests start at, so no test depends on the machine's clock.
/// </summary>
public sealed class KeyMaterial : KeyPairFixture
{
    public static readonly DateTimeOffset Epoch = TestCertificates.Epoch;

    public KeyMaterial() : base(new FakeTimeProvider(Epoch))
    {
        var from = TimeSpan.FromDays(-30);
        var until = TimeSpan.FromDays(365);
        RsaA = SelfSigned("CN=Rotation Tenant A,O=Rotation,C=DE", KeyAlgorithm.Rsa2048, from, until);
        RsaB = SelfSigned("CN=Rotation Tenant B,O=Rotation,C=DE", KeyAlgorithm.Rsa2048, from, until);
        Untrusted = SelfSigned("CN=Mallory,O=Elsewhere", KeyAlgorithm.Rsa2048, from, until);
        EcP256 = SelfSigned("CN=Rotation EC 256,O=Rotation", KeyAlgorithm.EcP256, from, until);
        EcP384 = SelfSigned("CN=Rotation EC 384,O=Rotation", KeyAlgorithm.EcP384, from, until);
        Expired = SelfSigned("CN=Rotation Expired,O=Rotation", KeyAlgorithm.Rsa2048, TimeSpan.FromDays(-400), TimeSpan.FromDays(-1));
        NotYetValid = SelfSigned("CN=Rotation Future,O=Rotation", KeyAlgorithm.Rsa2048, TimeSpan.FromDays(1), TimeSpan.FromDays(400));
        // A comma inside an RDN value: WSS4J writes it escaped ("CN=Rotation\, Test").
        EscapedDn = SelfSigned("CN=\"Rotation, Test\",O=Rotation", KeyAlgorithm.Rsa2048, from, until);
        Impostor = Own(CreateImpostorOf(RsaA));

        Keys = new[] { RsaA, RsaB, Untrusted, EcP256, EcP384, Expired, NotYetValid, EscapedDn, Impostor }
            .ToDictionary<X509Certificate2, X509Certificate2, SigningKey>(c => c, c => Own(new SigningKey(c)), ReferenceEqualityComparer.Instance);
    }

    /// <summary>Trusted RSA-2048 key pair (the tenant's current key).</summary>
    public X509Certificate2 RsaA { get; }
    /// <summary>Second trusted RSA-2048 key pair (the tenant's next key).</summary>
    public X509Certificate2 RsaB { get; }
    public X509Certificate2 Untrusted { get; }
    public X509Certificate2 EcP256 { get; }
    public X509Certificate2 EcP384 { get; }
    public X509Certificate2 Expired { get; }
    public X509Certificate2 NotYetValid { get; }
    public X509Certificate2 EscapedDn { get; }
    /// <summary>Same subject, issuer and serial number as <see cref="RsaA"/>, different key: only an exact encoding match tells them apart.</summary>
    public X509Certificate2 Impostor { get; }

    private Dictionary<X509Certificate2, SigningKey> Keys { get; }

    public SigningKey SigningKeyOf(X509Certificate2 certificate) => Keys[certificate];

    /// <summary>The certificate that fits an algorithm: RSA-A for RSA, P-256 for ECDSA-SHA256, P-384 otherwise.</summary>
    public X509Certificate2 CertificateFor(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.EcdsaSha256 => EcP256,
        SignatureAlgorithm.EcdsaSha384 or SignatureAlgorithm.EcdsaSha512 => EcP384,
        _ => RsaA,
    };

    public static AsymmetricAlgorithm PrivateKeyOf(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
        ?? throw new InvalidOperationException("no private key");

    private static X509Certificate2 CreateImpostorOf(X509Certificate2 original)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(original.SubjectName, rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
        using var cert = request.Create(original.IssuerName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
            original.NotBefore, original.NotAfter, original.SerialNumberBytes.Span);
        return cert.CopyWithPrivateKey(rsa);
    }

    public static string SerialDecimal(X509Certificate2 certificate) =>
        new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class KeyMaterialCollection : ICollectionFixture<KeyMaterial>
{
    public const string Name = "key material";
}
