using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Traffic;

namespace Rotation.Sender.Admin;

/// <summary>/admin/probe: send N requests now and report each outcome.</summary>
public static class ProbeApi
{
    public static RouteGroupBuilder MapProbeApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/probe", Run).WithTags("Probe");
        return admin;
    }

    private static async Task<Results<Ok<ProbeReport>, ProblemHttpResult>> Run(ProbeBody? body, Probe probe, CancellationToken cancellationToken)
    {
        var count = body?.Count ?? 5;
        if (count is < 1 or > Probe.MaxCount) return Problems.BadRequest($"count must be between 1 and {Probe.MaxCount}");
        return TypedResults.Ok(await probe.RunAsync(count, body?.Concurrency ?? 1, cancellationToken));
    }
}
