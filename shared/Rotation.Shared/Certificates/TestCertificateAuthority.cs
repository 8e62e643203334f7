using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rotation.Shared.Certificates;

/// <summary>
/// A small CA for rehearsals (docs/DESIGN.md §12), never for production: a self-signed root (basic constraints CA=true,
/// key usage keyCertSign and cRLSign) that signs certificate signing requests into certificates fit for signing
/// messages (CA=false, key usage digitalSignature, subject and authority key identifiers). The CSR's requested
/// extensions are ignored: the CA decides what it issues, as real ones do.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public const string CertificateFile = "ca.pem";
    public const string KeyFile = "ca-key.pem";

    private TestCertificateAuthority(X509Certificate2 withKey) => Certificate = withKey;

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate alone: what a sender trusts.</summary>
    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    public static TestCertificateAuthority Create(string subject, DateTimeOffset notBefore, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        if (validity <= TimeSpan.Zero) throw new ArgumentException("validity must be positive", nameof(validity));
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest(new X500DistinguishedName(subject), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // CreateSelfSigned attaches its own copy of the key: the certificate outlives the RSA object disposed here.
        return new TestCertificateAuthority(request.CreateSelfSigned(notBefore, notBefore + validity));
    }

    /// <summary>
    /// Issues a certificate for the CSR (PEM), valid from <paramref name="notBefore"/> for <paramref name="validity"/>
    /// but never beyond the CA's own validity. The CSR's signature must verify (proof of possession).
    /// </summary>
    public X509Certificate2 Sign(string csrPem, DateTimeOffset notBefore, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(csrPem);
        if (validity <= TimeSpan.Zero) throw new ArgumentException("validity must be positive", nameof(validity));
        var request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var notAfter = notBefore + validity < caNotAfter ? notBefore + validity : caNotAfter;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        using var rsa = Certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("the test CA holds no RSA key");
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
    }

    /// <summary>The signing response as a CA sends it: the issued certificate, then the CA certificate, as PEM.</summary>
    public string ChainPem(X509Certificate2 issued) => CertificateInfo.ToPem(issued) + "\n" + CertificateInfo.ToPem(Certificate);

    /// <summary>Writes ca.pem and ca-key.pem (the key readable by the owner only) into <paramref name="directory"/>.</summary>
    public async Task SaveAsync(string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, CertificateFile), CertificateInfo.ToPem(Certificate), Encoding.ASCII, cancellationToken);
        using var rsa = Certificate.GetRSAPrivateKey()!;
        var keyPath = Path.Combine(directory, KeyFile);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var key = new FileStream(keyPath, options))
        {
            await key.WriteAsync(Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()), cancellationToken);
        }
    }

    /// <summary>Loads a CA saved by <see cref="SaveAsync"/>.</summary>
    public static async Task<TestCertificateAuthority> LoadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var certificate = await File.ReadAllTextAsync(Path.Combine(directory, CertificateFile), cancellationToken);
        var key = await File.ReadAllTextAsync(Path.Combine(directory, KeyFile), cancellationToken);
        return new TestCertificateAuthority(X509Certificate2.CreateFromPem(certificate, key));
    }

    public void Dispose() => Certificate.Dispose();
}
