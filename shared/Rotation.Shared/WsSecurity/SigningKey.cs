using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Shared.WsSecurity;

/// <summary>
/// A certificate with its private key, prepared once for signing many responses: the key object,
/// the token's base64 text and the issuer/serial pair are computed here, not per message.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;

    /// <param name="issuers">The certificate's issuers as the CA returned them (nearest first), for a PkiPath token; none for a self-signed certificate.</param>
    public SigningKey(X509Certificate2 certificate, IReadOnlyList<X509Certificate2>? issuers = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("a signing key needs the certificate's private key", nameof(certificate));
        Certificate = certificate;
        _rsa = certificate.GetRSAPrivateKey();
        _ecdsa = _rsa is null ? certificate.GetECDsaPrivateKey() : null;
        if (_rsa is null && _ecdsa is null) throw new ArgumentException("only RSA and EC keys can sign", nameof(certificate));
        Fingerprint = CertificateInfo.Fingerprint(certificate);
        TokenBase64 = Convert.ToBase64String(certificate.RawData);
        IssuerName = CertificateInfo.IssuerRfc2253(certificate);
        SerialNumber = CertificateInfo.SerialDecimal(certificate);
        PkiPathBase64 = Convert.ToBase64String(PkiPath.Encode([certificate, .. issuers ?? []]));
    }

    public X509Certificate2 Certificate { get; }
    public string Fingerprint { get; }
    public string TokenBase64 { get; }
    /// <summary>The certificate and its issuers as a PkiPath (the certificate last), base64: the token of <see cref="TokenFormat.PkiPath"/>.</summary>
    public string PkiPathBase64 { get; }
    public string IssuerName { get; }
    public string SerialNumber { get; }
    public bool IsEcdsa => _ecdsa is not null;

    /// <summary>The algorithm to use when the signer step names none that fits the key.</summary>
    public SignatureAlgorithm DefaultAlgorithm => IsEcdsa
        ? (_ecdsa!.KeySize > 256 ? SignatureAlgorithm.EcdsaSha384 : SignatureAlgorithm.EcdsaSha256)
        : SignatureAlgorithm.RsaSha256;

    public bool Supports(SignatureAlgorithm algorithm) => AlgorithmUris.IsEcdsa(algorithm) == IsEcdsa;

    internal byte[] SignData(ReadOnlySpan<byte> data, SignatureAlgorithm algorithm)
    {
        if (!Supports(algorithm))
            throw new InvalidOperationException($"a {(IsEcdsa ? "EC" : "RSA")} key cannot sign with {algorithm}");
        var hash = AlgorithmUris.HashOf(algorithm);
        // XML-DSig wants ECDSA signatures as r||s (IEEE P1363), which is .NET's default format.
        return _rsa is not null
            ? _rsa.SignData(data, hash, RSASignaturePadding.Pkcs1)
            : _ecdsa!.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
    }
}
