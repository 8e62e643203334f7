using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>
/// The signer step as the drill records it, whichever face of the tenant it came from: the admin API's
/// <see cref="SignerStepView"/>, or what the platform's API lets the drill know (the alias and its key).
/// </summary>
public sealed record SignerStepInfo(string Alias, string? AliasHeader, string? Fingerprint, string? EffectiveAlgorithm, string? KeyReference, double TimestampTimeToLiveSeconds,
    IReadOnlyList<string>? AllowedAliases = null)
{
    public static SignerStepInfo Of(SignerStepView view) =>
        new(view.Alias, view.AliasHeader, view.Fingerprint, view.EffectiveAlgorithm, view.KeyReference.ToString(), view.TimestampTimeToLiveSeconds, view.AllowedAliases);
}
