using Rotation.Tenant.Inbound;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>The tenant state's signer step and flow settings as the admin API shows them (the shapes are in Rotation.Tenant.Contracts).</summary>
internal static class StateViews
{
    public static SignerStepView SignerStep(TenantState state)
    {
        var step = state.SignerStep;
        var key = state.SigningKey;
        return new SignerStepView(step.Alias, step.Algorithm?.ToString(), step.KeyReference, step.TimestampTimeToLive.TotalSeconds,
            step.AliasHeader, step.AllowedAliases, step.KeyFingerprint, key?.Fingerprint, key is null ? null : step.SettingsFor(key).Algorithm.ToString())
        {
            TokenFormat = step.TokenFormat,
        };
    }

    public static FlowView Flow(FlowSettings settings) => new(settings.ProcessingLatency.TotalMilliseconds, settings.FailureShare);

    public static InboundVerificationView Inbound(InboundVerification inbound, KeystoreSnapshot keystore) => new(inbound.Mode, inbound.PublicKeyAliases,
        [.. inbound.PublicKeyAliases.Select(alias => keystore.Find(alias) is { } entry
            ? new PublicKeyAliasView(alias, true, entry.Kind, entry.Fingerprint, entry.Certificate.Subject, entry.Certificate.NotAfter.ToUniversalTime())
            : new PublicKeyAliasView(alias, false, null, null, null, null))]);
}
