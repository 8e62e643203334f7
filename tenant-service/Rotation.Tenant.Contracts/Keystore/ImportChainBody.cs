namespace Rotation.Tenant.Contracts;

/// <summary>A CA's signing response for a key pair: PEM certificates (any order), or a PKCS#7 bundle as PEM or the base64 of DER.</summary>
public sealed record ImportChainBody(string? Chain);
