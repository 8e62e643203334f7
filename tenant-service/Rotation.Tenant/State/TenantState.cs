using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.State;

/// <summary>
/// Everything an administrator can change, at one generation (docs/DESIGN.md §4a): the keystore (entries and key
/// history), the signer step and the flow settings. Immutable: a change makes the next state, and the message
/// pipeline reads one state per message, so a response never mixes a signer step with another change's keystore.
/// </summary>
public sealed record TenantState
{
    public TenantState(long generation, KeystoreSnapshot keystore, SignerStep signerStep, FlowSettings flow)
    {
        Generation = generation;
        Keystore = keystore;
        SignerStep = signerStep;
        Flow = flow;
    }

    /// <summary>Increases by one with every committed change; the admin API's ETag.</summary>
    public long Generation { get; init; }

    public KeystoreSnapshot Keystore { get; init; }
    public SignerStep SignerStep { get; init; }
    public FlowSettings Flow { get; init; }

    /// <summary>A tenant before its first commit: an empty keystore and the configured signer step and flow.</summary>
    public static TenantState Initial(SignerStep signerStep, FlowSettings flow) => new(0, KeystoreSnapshot.Empty, signerStep, flow);

    /// <summary>The key that signs a response with the step's own alias now (the pinned key wins); null when none.</summary>
    public Rotation.Shared.WsSecurity.SigningKey? SigningKey => SignerStep.KeyFrom(Keystore, SignerStep.Alias);
}
