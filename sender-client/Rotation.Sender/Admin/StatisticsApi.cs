using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>/admin/statistics: totals, per trusted certificate, per second.</summary>
public static class StatisticsApi
{
    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/statistics").WithTags("Statistics");
        group.MapGet("/", Get);
        group.MapPost("/reset", (TrafficStatistics statistics) =>
        {
            statistics.Reset();
            return TypedResults.NoContent();
        });
        return group;
    }

    private static Ok<StatisticsView> Get(int? seconds, TrafficStatistics statistics, TrafficRunner traffic, TrustStore trust) =>
        TypedResults.Ok(new StatisticsView(statistics.Snapshot(seconds), traffic.Status(), trust.VerifiedCounts));
}
