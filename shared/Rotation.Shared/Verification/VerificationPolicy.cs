using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>What the verifier accepts. Defaults follow WSS4J/CXF (300 s old, 60 s future) and DESIGN.md §3.</summary>
public sealed record VerificationPolicy
{
    public TimeSpan MaxTimestampAge { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan MaxClockSkewFuture { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxDocumentBytes { get; init; } = 16 * 1024 * 1024;
    public int MaxNestingDepth { get; init; } = 256;
    public int MaxReferences { get; init; } = 30;
    public int MaxTransformsPerReference { get; init; } = 5;
    public bool AllowSha1 { get; init; }
    public bool CheckCertificateValidity { get; init; } = true;

    public static VerificationPolicy Default { get; } = new();

    internal bool Allows(SignatureAlgorithm algorithm) => algorithm != SignatureAlgorithm.RsaSha1 || AllowSha1;
}
