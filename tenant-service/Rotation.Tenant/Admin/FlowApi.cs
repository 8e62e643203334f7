using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Orders;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/flow: rehearsal settings of the integration flow (added latency, share of failing requests); part of the tenant state.</summary>
internal static class FlowApi
{
    public static RouteGroupBuilder MapFlowApi(this RouteGroupBuilder admin)
    {
        var flow = admin.MapGroup("/flow").WithTags("Integration flow").VersionedByState();
        flow.MapGet("/", Get).WithName("GetFlowSettings").WithSummary("Rehearsal settings of the integration flow");
        flow.MapPut("/", Put).WithName("SetFlowSettings").WithSummary("Change processing latency and failure share");
        return admin;
    }

    private static Ok<FlowView> Get(LiveTenantState state, AdminRequest admin)
    {
        var current = state.Current;
        return TypedResults.Ok(admin.Saw(FlowView.Of(current.Flow), current.Generation));
    }

    private static async Task<Results<Ok<FlowView>, ProblemHttpResult>> Put(FlowView body, FlowSettingsService flow, AdminRequest admin, CancellationToken cancellationToken)
    {
        var settings = new FlowSettings { ProcessingLatency = TimeSpan.FromMilliseconds(body.ProcessingLatencyMs), FailureShare = body.FailureShare };
        var changed = await flow.ChangeAsync(admin.Change, settings, cancellationToken);
        return changed.Succeeded ? TypedResults.Ok(admin.Saw(FlowView.Of(changed.Value!.Value), changed.Value.Generation)) : Problems.From(changed.Error!);
    }
}

public sealed record FlowView(double ProcessingLatencyMs, double FailureShare)
{
    internal static FlowView Of(FlowSettings settings) => new(settings.ProcessingLatency.TotalMilliseconds, settings.FailureShare);
}
