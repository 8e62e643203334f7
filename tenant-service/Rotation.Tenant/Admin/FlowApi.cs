using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Orders;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/flow: rehearsal settings of the integration flow (added latency, share of failing requests).</summary>
internal static class FlowApi
{
    public static RouteGroupBuilder MapFlowApi(this RouteGroupBuilder admin)
    {
        var flow = admin.MapGroup("/flow").WithTags("Integration flow");
        flow.MapGet("/", (FlowSettingsStore store) => TypedResults.Ok(FlowView.Of(store.Current))).WithName("GetFlowSettings").WithSummary("Rehearsal settings of the integration flow");
        flow.MapPut("/", Put).WithName("SetFlowSettings").WithSummary("Change processing latency and failure share");
        return admin;
    }

    private static Results<Ok<FlowView>, ProblemHttpResult> Put(FlowView body, FlowSettingsStore store)
    {
        var settings = new FlowSettings { ProcessingLatency = TimeSpan.FromMilliseconds(body.ProcessingLatencyMs), FailureShare = body.FailureShare };
        return store.Update(settings) is { } problem ? Problems.Invalid(problem) : TypedResults.Ok(FlowView.Of(store.Current));
    }
}

public sealed record FlowView(double ProcessingLatencyMs, double FailureShare)
{
    internal static FlowView Of(FlowSettings settings) => new(settings.ProcessingLatency.TotalMilliseconds, settings.FailureShare);
}
