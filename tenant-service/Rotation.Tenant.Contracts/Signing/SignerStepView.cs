using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Contracts;

/// <summary>The signer step and what it currently signs with.</summary>
public sealed record SignerStepView(
    string Alias,
    string? Algorithm,
    KeyReference KeyReference,
    double TimestampTimeToLiveSeconds,
    string? AliasHeader,
    IReadOnlyList<string> AllowedAliases,
    string? KeyFingerprint,
    string? Fingerprint,
    string? EffectiveAlgorithm)
{
    /// <summary>With a BinarySecurityToken: X509v3 (the certificate alone) or PkiPath (the chain, the certificate last).</summary>
    public TokenFormat TokenFormat { get; init; }
}
