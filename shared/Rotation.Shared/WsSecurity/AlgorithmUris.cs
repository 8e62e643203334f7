using System.Security.Cryptography;

namespace Rotation.Shared.WsSecurity;

/// <summary>Maps between XML-DSig algorithm URIs and the hash and key family they stand for.</summary>
public static class AlgorithmUris
{
    public const string RsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public const string RsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
    public const string RsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
    public const string EcdsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    public const string EcdsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    public const string EcdsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";

    public const string DigestSha1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    public const string DigestSha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public const string DigestSha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
    public const string DigestSha512 = "http://www.w3.org/2001/04/xmlenc#sha512";

    public static string SignatureUri(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.RsaSha256 => RsaSha256,
        SignatureAlgorithm.RsaSha384 => RsaSha384,
        SignatureAlgorithm.RsaSha512 => RsaSha512,
        SignatureAlgorithm.EcdsaSha256 => EcdsaSha256,
        SignatureAlgorithm.EcdsaSha384 => EcdsaSha384,
        SignatureAlgorithm.EcdsaSha512 => EcdsaSha512,
        SignatureAlgorithm.RsaSha1 => RsaSha1,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm"),
    };

    public static SignatureAlgorithm? SignatureFromUri(string uri) => uri switch
    {
        RsaSha256 => SignatureAlgorithm.RsaSha256,
        RsaSha384 => SignatureAlgorithm.RsaSha384,
        RsaSha512 => SignatureAlgorithm.RsaSha512,
        EcdsaSha256 => SignatureAlgorithm.EcdsaSha256,
        EcdsaSha384 => SignatureAlgorithm.EcdsaSha384,
        EcdsaSha512 => SignatureAlgorithm.EcdsaSha512,
        RsaSha1 => SignatureAlgorithm.RsaSha1,
        _ => null,
    };

    public static bool IsEcdsa(SignatureAlgorithm algorithm) =>
        algorithm is SignatureAlgorithm.EcdsaSha256 or SignatureAlgorithm.EcdsaSha384 or SignatureAlgorithm.EcdsaSha512;

    public static HashAlgorithmName HashOf(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.RsaSha256 or SignatureAlgorithm.EcdsaSha256 => HashAlgorithmName.SHA256,
        SignatureAlgorithm.RsaSha384 or SignatureAlgorithm.EcdsaSha384 => HashAlgorithmName.SHA384,
        SignatureAlgorithm.RsaSha512 or SignatureAlgorithm.EcdsaSha512 => HashAlgorithmName.SHA512,
        SignatureAlgorithm.RsaSha1 => HashAlgorithmName.SHA1,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>The digest that goes with a signature algorithm: the same hash family.</summary>
    public static string DigestUriFor(SignatureAlgorithm algorithm) => HashOf(algorithm).Name switch
    {
        "SHA1" => DigestSha1,
        "SHA384" => DigestSha384,
        "SHA512" => DigestSha512,
        _ => DigestSha256,
    };

    public static HashAlgorithmName? DigestFromUri(string uri) => uri switch
    {
        DigestSha256 => HashAlgorithmName.SHA256,
        DigestSha384 => HashAlgorithmName.SHA384,
        DigestSha512 => HashAlgorithmName.SHA512,
        DigestSha1 => HashAlgorithmName.SHA1,
        _ => null,
    };
}
