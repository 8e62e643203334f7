namespace Rotation.Sender.Contracts;

/// <summary>A certificate to trust, PEM.</summary>
public sealed record CertificateBody(string? Pem);
