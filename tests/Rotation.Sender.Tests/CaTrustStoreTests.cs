using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Rotation.Shared.Contract;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Sender.Contracts;

namespace Rotation.Sender.Tests;

/// <summary>docs/DESIGN.md §12: the trust store's CA mode (pinned | ca | both), persisted, and what it lets verify.</summary>
[Collection(SenderCollection.Name)]
public sealed class CaTrustStoreTests(TestKeys keys) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-ca-trust-").FullName;
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("CN=Sender Test CA,O=Rotation", DateTimeOffset.UtcNow.AddDays(-1), TimeSpan.FromDays(365));

    [Fact]
    public async Task Trusting_a_CA_is_persisted_named_as_the_basis_and_lets_its_certificates_verify_unpinned()
    {
        var store = await TrustStore.OpenAsync(_dir, TrustMode.Overlap, [TestKeys.Public(keys.Old)]);
        Assert.Equal(TrustBasis.Pinned, store.Current.Basis);

        Assert.True((await store.AddAuthorityAsync(ChangeContext.System, _ca.PublicCertificate)).Succeeded);
        Assert.Equal(TrustBasis.Both, store.Current.Basis);
        // With a CA trusted, the last pinned certificate may go: the store still trusts something.
        Assert.True((await store.RemoveAsync(ChangeContext.System, keys.Old.Fingerprint)).Succeeded);
        Assert.Equal(TrustBasis.Ca, store.Current.Basis);

        var reloaded = await TrustStore.OpenAsync(_dir, TrustMode.Single, []);
        Assert.Equal(TrustBasis.Ca, reloaded.Current.Basis);
        Assert.Equal([CertificateInfo.Fingerprint(_ca.Certificate)], reloaded.Current.Authorities.Select(a => a.Fingerprint));

        using var issued = Issue();
        using var key = new SigningKey(issued);
        var signed = new ResponseSigner(TimeProvider.System).Sign(System.Text.Encoding.UTF8.GetBytes(SampleOrderRequest.Envelope("CA-1")), key, SignerSettings.Default);
        var result = new SignatureVerifier(reloaded.Current.Set).Verify(signed);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(CertificateInfo.Fingerprint(issued), result.Fingerprint);
    }

    [Fact]
    public async Task A_certificate_that_is_not_a_CA_is_refused_as_an_authority_and_the_last_CA_is_never_removed()
    {
        var store = TrustStore.InMemory(TrustMode.Overlap, [], authorities: [_ca.PublicCertificate]);

        var notCa = await store.AddAuthorityAsync(ChangeContext.System, TestKeys.Public(keys.New));
        Assert.Equal(TrustError.NotAnAuthority, notCa.Error);

        var last = await store.RemoveAuthorityAsync(ChangeContext.System, CertificateInfo.Fingerprint(_ca.Certificate));
        Assert.Equal(TrustError.WouldBeEmpty, last.Error);
        Assert.Equal(TrustBasis.Ca, store.Current.Basis);
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 Issue()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var csr = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Tenant,O=Rotation", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
        using var issued = _ca.Sign(csr, DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromDays(30));
        return System.Security.Cryptography.X509Certificates.RSACertificateExtensions.CopyWithPrivateKey(issued, rsa);
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
