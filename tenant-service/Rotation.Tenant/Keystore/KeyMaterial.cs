using System.Security.Cryptography;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rotation.Tenant.Keystore;

/// <summary>Reads what administrators upload (PKCS#12, PEM, DER) and tells malformed input from a wrong password.</summary>
internal static class KeyMaterial
{
    public static KeystoreResult<X509Certificate2> ReadKeyPair(ReadOnlySpan<byte> pkcs12, string? password)
    {
        if (pkcs12.IsEmpty) return new KeystoreError(KeystoreErrorCode.MalformedPkcs12, "the PKCS#12 file is empty");
        if (!LooksLikePfx(pkcs12.ToArray())) return new KeystoreError(KeystoreErrorCode.MalformedPkcs12, "the upload is not a PKCS#12 (PFX) file");

        X509Certificate2Collection certificates;
        try
        {
            certificates = X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.Exportable, Pkcs12LoaderLimits.Defaults);
        }
        catch (Pkcs12LoadLimitExceededException)
        {
            // Millions of KDF iterations or thousands of bags: refused before the work, and not a password problem.
            return new KeystoreError(KeystoreErrorCode.MalformedPkcs12, "the PKCS#12 file exceeds the loader's limits (KDF iterations, bags or size)");
        }
        catch (CryptographicException)
        {
            // The structure is a PFX (checked above), so what fails is the MAC or the decryption: the password.
            return new KeystoreError(KeystoreErrorCode.WrongPassword, "the PKCS#12 file cannot be opened with this password");
        }
        var withKeys = certificates.Where(c => c.HasPrivateKey).ToList();
        return withKeys.Count switch
        {
            0 => new KeystoreError(KeystoreErrorCode.NotAKeyPair, "the PKCS#12 file holds no private key; a key pair is needed"),
            > 1 => new KeystoreError(KeystoreErrorCode.InvalidRequest, "the PKCS#12 file holds more than one key pair; upload one"),
            _ => Signable(withKeys[0]),
        };
    }

    /// <summary>PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData OPTIONAL }, nothing after it.</summary>
    private static bool LooksLikePfx(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var outer = new AsnReader(bytes, AsnEncodingRules.BER);
            var pfx = outer.ReadSequence();
            if (outer.HasData) return false;
            if (!pfx.TryReadInt32(out var version) || version != 3) return false;
            var authSafe = pfx.ReadSequence();
            authSafe.ReadObjectIdentifier();
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    public static KeystoreResult<X509Certificate2> ReadCertificate(ReadOnlySpan<byte> pemOrDer)
    {
        if (pemOrDer.IsEmpty) return new KeystoreError(KeystoreErrorCode.MalformedCertificate, "the certificate is empty");
        try
        {
            var text = pemOrDer.IndexOf("-----BEGIN"u8) >= 0 ? Encoding.ASCII.GetString(pemOrDer) : null;
            if (text is not null)
            {
                // A PEM bundle may carry a key or a chain too: take the first certificate, never anything else.
                var rest = text.AsSpan();
                while (PemEncoding.TryFind(rest, out var fields))
                {
                    if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
                        return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
                    rest = rest[fields.Location.End..];
                }
                return new KeystoreError(KeystoreErrorCode.MalformedCertificate, "the PEM holds no CERTIFICATE block");
            }
            return X509CertificateLoader.LoadCertificate(pemOrDer);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return new KeystoreError(KeystoreErrorCode.MalformedCertificate, "the upload is not an X.509 certificate in PEM or DER");
        }
    }

    /// <summary>Only RSA and EC keys can sign a response; refuse others at the door, not at the first request.</summary>
    private static KeystoreResult<X509Certificate2> Signable(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null)
            return rsa.KeySize >= 2048 ? certificate : new KeystoreError(KeystoreErrorCode.UnsupportedKey, $"RSA keys need at least 2048 bits, this one has {rsa.KeySize}");
        using var ec = certificate.GetECDsaPrivateKey();
        return ec is not null ? certificate : new KeystoreError(KeystoreErrorCode.UnsupportedKey, "only RSA and EC key pairs can sign responses");
    }

    public static string CreateSigningRequestPem(X509Certificate2 withPrivateKey)
    {
        using var rsa = withPrivateKey.GetRSAPrivateKey();
        if (rsa is not null)
            return new CertificateRequest(withPrivateKey.SubjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
        using var ec = withPrivateKey.GetECDsaPrivateKey() ?? throw new InvalidOperationException("key pair without RSA or EC key");
        var hash = ec.KeySize > 256 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        return new CertificateRequest(withPrivateKey.SubjectName, ec, hash).CreateSigningRequestPem();
    }
}
