using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Hosting.Health;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>/health: unauthenticated, for orchestrators and the drill's wait-until-ready.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapLiveness();
        app.MapGet("/health/ready", Ready).WithTags("Health");
        return app;
    }

    public sealed record ReadyView(string Status, TrustMode TrustMode, int TrustedCertificates, long TrustRevision, TrafficState Traffic);

    /// <summary>Ready once the host has started and loaded its trust store; an empty store is reported, not hidden.</summary>
    private static Ok<ReadyView> Ready(TrustStore trust, TrafficRunner traffic)
    {
        var snapshot = trust.Current;
        return TypedResults.Ok(new ReadyView("ready", snapshot.Mode, snapshot.Entries.Length, snapshot.Revision, traffic.Status().State));
    }
}
