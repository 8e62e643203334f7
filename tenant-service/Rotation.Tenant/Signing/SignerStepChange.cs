using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Signing;

/// <summary>
/// A change of the signer step as an administrator asks for it: null fields keep their value. Applied to the step of
/// the state being changed, under the writer lock, so "keep the rest" means the rest as committed, not as last read.
/// </summary>
public sealed record SignerStepChange
{
    public string? Alias { get; init; }

    /// <summary>Whether <see cref="Algorithm"/> is to be set; null <see cref="Algorithm"/> then means "auto" (the key's default).</summary>
    public bool SetsAlgorithm { get; init; }
    public SignatureAlgorithm? Algorithm { get; init; }
    public KeyReference? KeyReference { get; init; }
    public TokenFormat? TokenFormat { get; init; }
    public TimeSpan? TimestampTimeToLive { get; init; }

    /// <summary>"" turns the alias header off.</summary>
    public string? AliasHeader { get; init; }
    public IReadOnlyList<string>? AllowedAliases { get; init; }

    /// <summary>"" unpins.</summary>
    public string? KeyFingerprint { get; init; }

    public SignerStep ApplyTo(SignerStep current) => current with
    {
        Alias = Alias ?? current.Alias,
        Algorithm = SetsAlgorithm ? Algorithm : current.Algorithm,
        KeyReference = KeyReference ?? current.KeyReference,
        TokenFormat = TokenFormat ?? current.TokenFormat,
        TimestampTimeToLive = TimestampTimeToLive ?? current.TimestampTimeToLive,
        AliasHeader = AliasHeader is null ? current.AliasHeader : AliasHeader.Length == 0 ? null : AliasHeader,
        AllowedAliases = AllowedAliases ?? current.AllowedAliases,
        KeyFingerprint = KeyFingerprint is null ? current.KeyFingerprint : KeyFingerprint.Length == 0 ? null : KeyFingerprint.ToLowerInvariant(),
    };
}
