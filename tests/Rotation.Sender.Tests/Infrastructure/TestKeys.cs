using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;

namespace Rotation.Sender.Tests.Infrastructure;

/// <summary>
/// Key pairs shared by all tests (RSA key generation is the slow part): the tenant's old and new key, and a stranger's.
/// On the system clock: the sender's own processes and hosts check validity against the machine's time.
/// </summary>
public sealed class TestKeys : KeyPairFixture
{
    public TestKeys() : base(TimeProvider.System)
    {
        // Valid from well before 2026-01-01 so messages signed "then" (verify --at) still pass the validity check.
        var from = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero) - Clock.GetUtcNow();
        Old = Own(new SigningKey(SelfSigned("CN=tenant signing 2025,O=Rotation Tests", KeyAlgorithm.Rsa2048, from, TimeSpan.FromDays(2 * 365))));
        New = Own(new SigningKey(SelfSigned("CN=tenant signing 2026,O=Rotation Tests", KeyAlgorithm.EcP256, from, TimeSpan.FromDays(3 * 365))));
        Stranger = Own(new SigningKey(SelfSigned("CN=someone else,O=Elsewhere", KeyAlgorithm.Rsa2048, from, TimeSpan.FromDays(2 * 365))));
    }

    public SigningKey Old { get; }
    public SigningKey New { get; }
    public SigningKey Stranger { get; }

    /// <summary>The public certificate only, as a partner receives it.</summary>
    public static X509Certificate2 Public(SigningKey key) => X509CertificateLoader.LoadCertificate(key.Certificate.RawData);

    public static string Pem(SigningKey key) => CertificateInfo.ToPem(key.Certificate);

    public static string Fingerprint(SigningKey key) => key.Fingerprint;
}

[CollectionDefinition(Name)]
public sealed class SenderCollection : ICollectionFixture<TestKeys>
{
    public const string Name = "sender";
}
