using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Traffic;

namespace Rotation.Sender.Admin;

/// <summary>/admin/traffic: start, stop, pause ("stop sending signed messages"), resume, rate.</summary>
public static class TrafficApi
{
    public static RouteGroupBuilder MapTrafficApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/traffic").WithTags("Traffic");
        group.MapGet("/", (TrafficRunner traffic) => TypedResults.Ok(traffic.Status()));
        group.MapPost("/start", Start);
        group.MapPost("/stop", Stop);
        group.MapPost("/pause", Pause);
        group.MapPost("/resume", Resume);
        group.MapPut("/rate", SetRate);
        return group;
    }

    private static Results<Accepted<TrafficStatus>, ProblemHttpResult> Start(StartBody? body, TrafficRunner traffic, SenderHostOptions options)
    {
        var plan = new TrafficPlan
        {
            Rate = body?.Rate ?? options.Rate,
            Concurrency = body?.Concurrency ?? options.Concurrency,
            Count = body?.Count,
            Duration = body?.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };
        var problems = plan.Problems().ToList();
        if (problems.Count > 0) return Problems.BadRequest(string.Join("; ", problems));
        if (!traffic.Start(plan)) return Problems.Conflict("TrafficRunning", "traffic is already running: stop the current run first");
        return TypedResults.Accepted("/admin/traffic", traffic.Status());
    }

    private static async Task<Ok<TrafficStatus>> Stop(TrafficRunner traffic)
    {
        await traffic.StopAsync();
        return TypedResults.Ok(traffic.Status());
    }

    /// <summary>Returns once nothing is in flight: after a 200 here, no request reaches the tenant until resume.</summary>
    private static async Task<Ok<PauseView>> Pause(TrafficRunner traffic, CancellationToken cancellationToken)
    {
        var inFlight = await traffic.PauseAsync(cancellationToken);
        return TypedResults.Ok(new PauseView(inFlight, traffic.Status()));
    }

    private static Ok<TrafficStatus> Resume(TrafficRunner traffic)
    {
        traffic.Resume();
        return TypedResults.Ok(traffic.Status());
    }

    private static Results<Ok<TrafficStatus>, ProblemHttpResult> SetRate(RateBody body, TrafficRunner traffic)
    {
        if (body.Rate is not (> 0 and <= 100_000) || double.IsNaN(body.Rate.Value)) return Problems.BadRequest("rate must be a positive number of requests per second (at most 100000)");
        traffic.SetRate(body.Rate.Value);
        return TypedResults.Ok(traffic.Status());
    }
}
