using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Inbound;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>
/// /admin/flow: the integration flow's settings beside the signer step, part of the tenant state: rehearsal settings
/// (added latency, share of failing requests) and, under /inbound, inbound verification (docs/DESIGN.md §10).
/// </summary>
internal static class FlowApi
{
    public static RouteGroupBuilder MapFlowApi(this RouteGroupBuilder admin)
    {
        var flow = admin.MapGroup("/flow").WithTags("Integration flow").VersionedByState();
        flow.MapGet("/", Get).WithName("GetFlowSettings").WithSummary("Rehearsal settings of the integration flow");
        flow.MapPut("/", Put).WithName("SetFlowSettings").WithSummary("Change processing latency and failure share");
        flow.MapGet("/inbound", GetInbound).WithName("GetInboundVerification").WithSummary("Inbound verification: mode, public key aliases and the certificates under them now");
        flow.MapPut("/inbound", PutInbound).WithName("SetInboundVerification").WithSummary("Change inbound verification (mode Off or Required, public key aliases)");
        return admin;
    }

    private static Ok<FlowView> Get(LiveTenantState state, AdminRequest admin)
    {
        var current = state.Current;
        return TypedResults.Ok(admin.Saw(StateViews.Flow(current.Flow), current.Generation));
    }

    private static async Task<Results<Ok<FlowView>, ProblemHttpResult>> Put(FlowView body, FlowSettingsService flow, AdminRequest admin, CancellationToken cancellationToken)
    {
        var changed = await flow.ChangeAsync(admin.Change,
            current => current with { ProcessingLatency = TimeSpan.FromMilliseconds(body.ProcessingLatencyMs), FailureShare = body.FailureShare }, cancellationToken);
        return changed.Succeeded ? TypedResults.Ok(admin.Saw(StateViews.Flow(changed.Value!.Value), changed.Value.Generation)) : Problems.From(changed.Error!);
    }

    private static Ok<InboundVerificationView> GetInbound(LiveTenantState state, AdminRequest admin)
    {
        var current = state.Current;
        return TypedResults.Ok(admin.Saw(StateViews.Inbound(current.Flow.Inbound, current.Keystore), current.Generation));
    }

    /// <summary>Omitted fields keep their committed value; aliases may name entries not imported yet.</summary>
    private static async Task<Results<Ok<InboundVerificationView>, ProblemHttpResult>> PutInbound(InboundVerificationBody body, FlowSettingsService flow, LiveTenantState state,
        AdminRequest admin, CancellationToken cancellationToken)
    {
        if (body.PublicKeyAliases is { } aliases && aliases.Any(a => a is null)) return Problems.Invalid("publicKeyAliases must be a list of aliases");
        var changed = await flow.ChangeAsync(admin.Change, current => current with
        {
            Inbound = current.Inbound with
            {
                Mode = body.Mode ?? current.Inbound.Mode,
                PublicKeyAliases = body.PublicKeyAliases?.Select(a => a!).ToArray() ?? current.Inbound.PublicKeyAliases,
            },
        }, cancellationToken);
        if (!changed.Succeeded) return Problems.From(changed.Error!);
        // The certificates shown are those of the committed generation's keystore, or of a later one when another change came since.
        return TypedResults.Ok(admin.Saw(StateViews.Inbound(changed.Value!.Value.Inbound, state.Current.Keystore), changed.Value.Generation));
    }
}
