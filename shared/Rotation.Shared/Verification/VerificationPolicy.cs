using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;

namespace Rotation.Shared.Verification;

/// <summary>What the verifier accepts. Defaults follow WSS4J/CXF (300 s old, 60 s future) and docs/DESIGN.md §3.</summary>
public sealed record VerificationPolicy
{
    public TimeSpan MaxTimestampAge { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan MaxClockSkewFuture { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxDocumentBytes { get; init; } = 16 * 1024 * 1024;
    public int MaxNestingDepth { get; init; } = 256;
    public int MaxReferences { get; init; } = 30;
    public int MaxTransformsPerReference { get; init; } = 5;
    public bool AllowSha1 { get; init; }

    // docs/DESIGN.md §3 item 9: per-element bounds that keep everything before the signature check linear. Far above
    // what any stack writes (a dozen declarations on the Envelope, a handful of attributes, a PrefixList of a few).
    public int MaxAttributesPerElement { get; init; } = 64;
    public int MaxNamespaceDeclarationsPerElement { get; init; } = 64;
    public int MaxInclusivePrefixes { get; init; } = 64;

    /// <summary>Largest certificate a BinarySecurityToken or ds:X509Certificate may carry (real ones are 1–4 KB).</summary>
    public int MaxTokenBytes { get; init; } = 64 * 1024;
    public bool CheckCertificateValidity { get; init; } = true;

    public static VerificationPolicy Default { get; } = new();

    internal XmlLimits XmlLimits => new(MaxNestingDepth, MaxAttributesPerElement, MaxNamespaceDeclarationsPerElement);

    internal bool Allows(SignatureAlgorithm algorithm) => algorithm != SignatureAlgorithm.RsaSha1 || AllowSha1;
}
