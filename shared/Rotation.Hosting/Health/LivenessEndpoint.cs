using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Rotation.Hosting.Health;

/// <summary>
/// GET /health/live, unauthenticated: 200 <c>{"status":"live"}</c> while the process serves requests. Both services
/// answer it the same way; readiness (/health/ready) is each service's own (a signing key, a loaded trust store).
/// </summary>
public static class LivenessEndpoint
{
    public const string Path = "/health/live";

    public sealed record LiveView(string Status);

    public static IEndpointRouteBuilder MapLiveness(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, () => TypedResults.Ok(new LiveView("live"))).WithTags("Health");
        return app;
    }
}
