using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Shared.Tests.Support;

/// <summary>Certificates issued by CAs for the CA-trust tests: a root (the test CA), an intermediate under it, and signers under either.</summary>
public sealed class CaChain : IDisposable
{
    private static readonly DateTimeOffset From = KeyMaterial.Epoch.AddDays(-30);

    public CaChain()
    {
        Root = TestCertificateAuthority.Create("CN=Rotation Test Root CA,O=Rotation", From, TimeSpan.FromDays(3650));
        OtherRoot = TestCertificateAuthority.Create("CN=Rotation Other CA,O=Rotation", From, TimeSpan.FromDays(3650));
        // The test CA's root allows no CA below it (path length 0): a two-level hierarchy needs a root of its own.
        TwoLevelRoot = CreateCa("CN=Rotation Two-Level Root CA,O=Rotation", null);
        Intermediate = CreateCa("CN=Rotation Issuing CA,O=Rotation", TwoLevelRoot);
        Signer = Issue(Root, "CN=Rotation Tenant,O=Rotation", From, TimeSpan.FromDays(365));
        Renewed = Issue(Root, "CN=Rotation Tenant,O=Rotation", From.AddDays(20), TimeSpan.FromDays(365));
        FromOther = Issue(OtherRoot, "CN=Rotation Tenant,O=Rotation", From, TimeSpan.FromDays(365));
        Expired = Issue(Root, "CN=Rotation Tenant,O=Rotation", From, TimeSpan.FromDays(10));
        UnderIntermediate = IssueBy(Intermediate, "CN=Rotation Tenant,O=Rotation", X509KeyUsageFlags.DigitalSignature);
        NotForSigning = IssueBy(Root.Certificate, "CN=Rotation Tenant,O=Rotation", X509KeyUsageFlags.KeyEncipherment);
    }

    public TestCertificateAuthority Root { get; }
    public TestCertificateAuthority OtherRoot { get; }
    public X509Certificate2 TwoLevelRoot { get; }
    /// <summary>Issued by <see cref="TwoLevelRoot"/>; issues <see cref="UnderIntermediate"/>.</summary>
    public X509Certificate2 Intermediate { get; }
    public X509Certificate2 Signer { get; }
    /// <summary>Same CA, same subject as <see cref="Signer"/>: another key, serial and validity (a same-subject renewal).</summary>
    public X509Certificate2 Renewed { get; }
    public X509Certificate2 FromOther { get; }
    /// <summary>Valid for ten days from 30 days before the epoch: expired at the epoch.</summary>
    public X509Certificate2 Expired { get; }
    public X509Certificate2 UnderIntermediate { get; }
    /// <summary>Issued by the root with key usage keyEncipherment only.</summary>
    public X509Certificate2 NotForSigning { get; }

    /// <summary>A key pair on a "tenant", its CSR signed by <paramref name="ca"/>, the private key attached again: what a chain import makes.</summary>
    public static X509Certificate2 Issue(TestCertificateAuthority ca, string subject, DateTimeOffset notBefore, TimeSpan validity)
    {
        using var keyPair = CertificateFactory.CreateSelfSigned(subject, KeyAlgorithm.Rsa2048, notBefore, notBefore + validity);
        using var rsa = keyPair.GetRSAPrivateKey()!;
        var csr = new CertificateRequest(keyPair.SubjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
        using var issued = ca.Sign(csr, notBefore, validity);
        return issued.CopyWithPrivateKey(rsa);
    }

    /// <summary>A CA certificate: self-signed (no path length limit) when <paramref name="issuer"/> is null, else an intermediate that issues leaves only.</summary>
    private static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, issuer is not null, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null) return request.CreateSelfSigned(From, From.AddDays(1000));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(issuer, From, From.AddDays(900), serial);
        return issued.CopyWithPrivateKey(rsa);
    }

    private static X509Certificate2 IssueBy(X509Certificate2 issuer, string subject, X509KeyUsageFlags usage)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(issuer, From, From.AddDays(365), serial);
        return issued.CopyWithPrivateKey(rsa);
    }

    public void Dispose()
    {
        foreach (var c in new[] { TwoLevelRoot, Intermediate, Signer, Renewed, FromOther, Expired, UnderIntermediate, NotForSigning }) c.Dispose();
        Root.Dispose();
        OtherRoot.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CaChainCollection : ICollectionFixture<CaChain>
{
    public const string Name = "CA chain";
}
