namespace Rotation.Sender.Contracts;

/// <summary>A trusted certificate or CA, with how many responses it verified.</summary>
public sealed record CertificateView(string Fingerprint, string Subject, string Issuer, string SerialNumber,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset AddedAt, long Verified, string Pem);
