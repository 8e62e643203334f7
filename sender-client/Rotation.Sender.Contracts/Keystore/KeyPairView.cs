namespace Rotation.Sender.Contracts;

/// <summary>A signing key pair: public facts and the certificate, never the private key.</summary>
public sealed record KeyPairView(string Alias, bool Signing, string Fingerprint, string Algorithm, string Subject, string Issuer, string SerialNumber,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset CreatedAt, string CertificatePem);
