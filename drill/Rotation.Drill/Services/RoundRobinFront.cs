using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace Rotation.Drill.Services;

/// <summary>
/// The load balancer in front of the embedded nodes (docs/DESIGN.md §8): a reverse proxy on 127.0.0.1 (YARP). The
/// flow (/cxf/…) goes to the next node in turn, round robin; everything else (admin API, the platform's API) to the
/// first node, as the platform's tenant management node takes changes while worker nodes serve messages. So a change
/// is stored by node-1 and deployed by the others, and a lagging last node shows up in the traffic exactly as it
/// would behind a real balancer; each response still names its node (X-Rotation-Node).
/// </summary>
public sealed class RoundRobinFront : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RoundRobinFront(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<RoundRobinFront> StartAsync(IReadOnlyList<Uri> nodes, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [
                new RouteConfig { RouteId = "flow", ClusterId = "workers", Match = new RouteMatch { Path = "/cxf/{**path}" } },
                new RouteConfig { RouteId = "management", ClusterId = "management", Match = new RouteMatch { Path = "{**path}" } },
            ],
            [
                new ClusterConfig
                {
                    ClusterId = "workers",
                    LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                    Destinations = nodes.Select((node, i) => (node, i)).ToDictionary(d => $"node-{d.i + 1}", d => new DestinationConfig { Address = d.node.ToString() }),
                },
                new ClusterConfig { ClusterId = "management", Destinations = new Dictionary<string, DestinationConfig> { ["node-1"] = new() { Address = nodes[0].ToString() } } },
            ]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RoundRobinFront(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
