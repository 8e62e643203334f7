using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>Where a peer finds a key pair: the certificate as PEM and the private key as unencrypted PKCS#8 PEM.</summary>
public sealed record KeyPairFiles(string CertificatePem, string PrivateKeyPem);

/// <summary>A temporary folder for one test: the PEM files and envelopes a peer reads and writes. Deleted on dispose.</summary>
public sealed class PeerWorkspace : IDisposable
{
    public PeerWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "rotation-interop-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Write(string name, ReadOnlySpan<byte> content)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, content.ToArray());
        return path;
    }

    public byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>Only the certificate, as PEM: what a verifying peer gets.</summary>
    public string WriteCertificate(X509Certificate2 certificate, string name = "peer")
    {
        var certPath = PathOf(name + "-cert.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n");
        return certPath;
    }

    public KeyPairFiles WriteKeyPair(X509Certificate2 certificate, string name = "peer")
    {
        var certPath = WriteCertificate(certificate, name);
        var keyPath = PathOf(name + "-key.pem");
        using (AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("the certificate has no RSA or EC private key", nameof(certificate)))
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        }
        return new KeyPairFiles(certPath, keyPath);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a leftover temp folder must not fail a test */ }
    }
}
