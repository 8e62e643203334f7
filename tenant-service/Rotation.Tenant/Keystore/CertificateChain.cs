using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rotation.Tenant.Keystore;

/// <summary>
/// A CA's signing response (docs/DESIGN.md §12): the certificates it holds, and the issued certificate matched to
/// the key pair it was requested for. CAs answer with PEM certificates (issued first, or any order) or a PKCS#7
/// "certs-only" bundle (DER or PEM); both are read.
/// </summary>
internal static class CertificateChain
{
    /// <summary>More certificates than any real chain has: the rest of an upload is refused, not processed.</summary>
    private const int MaxCertificates = 10;

    public static IEqualityComparer<X509Certificate2> SameEncoding { get; } =
        EqualityComparer<X509Certificate2>.Create((a, b) => a is not null && b is not null && a.RawData.AsSpan().SequenceEqual(b.RawData), c => c.RawData.Length);

    public static KeystoreResult<IReadOnlyList<X509Certificate2>> Read(ReadOnlySpan<byte> response)
    {
        if (response.IsEmpty) return Malformed("the signing response is empty");
        List<X509Certificate2> certificates;
        try
        {
            certificates = response.IndexOf("-----BEGIN"u8) >= 0 ? FromPem(Encoding.ASCII.GetString(response)) : FromDer(response.ToArray());
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return Malformed("the signing response is neither PEM certificates nor a PKCS#7 certificate bundle");
        }
        if (certificates.Count == 0) return Malformed("the signing response holds no certificate");
        if (certificates.Count > MaxCertificates) return Malformed($"the signing response holds {certificates.Count} certificates; a chain has at most {MaxCertificates}");
        return certificates;
    }

    /// <summary>
    /// The certificate of the response whose public key is the key pair's (with the private key attached) and its
    /// issuers in order, nearest first, as far as the response holds them; a certificate of another key is refused.
    /// </summary>
    public static KeystoreResult<(X509Certificate2 Certificate, ImmutableArray<X509Certificate2> Issuers)> ForKeyPair(
        IReadOnlyList<X509Certificate2> response, X509Certificate2 keyPair, string alias)
    {
        var publicKey = keyPair.PublicKey.ExportSubjectPublicKeyInfo();
        var issued = response.FirstOrDefault(c => c.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey));
        if (issued is null)
            return new KeystoreError(KeystoreErrorCode.ChainDoesNotMatch,
                $"no certificate of the signing response is for the key pair under '{alias}' (their public keys differ): it answers another CSR; download the CSR of '{alias}' and have that one signed");
        var issuers = ImmutableArray.CreateBuilder<X509Certificate2>();
        var current = issued;
        // Follow issuer names up the response; a self-signed certificate (the root) ends the path.
        while (current.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) is false
               && response.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) && !issuers.Contains(c, SameEncoding)) is { } issuer
               && issuers.Count < MaxCertificates)
        {
            issuers.Add(X509CertificateLoader.LoadCertificate(issuer.RawData));
            current = issuer;
        }
        return (CopyWithKey(issued, keyPair), issuers.ToImmutable());
    }

    private static X509Certificate2 CopyWithKey(X509Certificate2 issued, X509Certificate2 keyPair)
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(issued.RawData);
        using var rsa = keyPair.GetRSAPrivateKey();
        if (rsa is not null) return publicOnly.CopyWithPrivateKey(rsa);
        using var ec = keyPair.GetECDsaPrivateKey() ?? throw new InvalidOperationException("key pair without RSA or EC key");
        return publicOnly.CopyWithPrivateKey(ec);
    }

    private static List<X509Certificate2> FromPem(string text)
    {
        var certificates = new List<X509Certificate2>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            // Only certificates are read: a private key in the bundle is never taken in.
            if (label.SequenceEqual("CERTIFICATE")) certificates.Add(X509CertificateLoader.LoadCertificate(der));
            else if (label.SequenceEqual("PKCS7")) certificates.AddRange(FromDer(der));
            if (certificates.Count > MaxCertificates) break;
            rest = rest[fields.Location.End..];
        }
        return certificates;
    }

    /// <summary>A PKCS#7 bundle, else a single DER certificate.</summary>
    private static List<X509Certificate2> FromDer(byte[] der)
    {
        if (der.Length > 0 && LooksLikeCms(der))
        {
            var cms = new SignedCms();
            cms.Decode(der);
            return [.. cms.Certificates.Take(MaxCertificates + 1).Select(c => X509CertificateLoader.LoadCertificate(c.RawData))];
        }
        return [X509CertificateLoader.LoadCertificate(der)];
    }

    /// <summary>ContentInfo starts with the signedData OID (1.2.840.113549.1.7.2); a certificate starts with a SEQUENCE in a SEQUENCE.</summary>
    private static bool LooksLikeCms(byte[] der)
    {
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.BER).ReadSequence();
            return reader.PeekTag() == System.Formats.Asn1.Asn1Tag.ObjectIdentifier && reader.ReadObjectIdentifier() == "1.2.840.113549.1.7.2";
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            return false;
        }
    }

    private static KeystoreError Malformed(string message) => new(KeystoreErrorCode.MalformedCertificate, message);
}
