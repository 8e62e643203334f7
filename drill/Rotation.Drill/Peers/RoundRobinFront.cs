using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace Rotation.Drill.Peers;

/// <summary>
/// The load balancer in front of the embedded nodes (docs/DESIGN.md §8): a reverse proxy on 127.0.0.1 (YARP) that
/// hands every request — flow and admin alike — to the next node in turn, as HAProxy's roundrobin does in the compose
/// demo. The sender and the drill see one URL, so a lagging node shows up exactly as it would behind a real balancer;
/// each response still names its node (X-Rotation-Node).
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
            [new RouteConfig { RouteId = "everything", ClusterId = "nodes", Match = new RouteMatch { Path = "{**path}" } }],
            [new ClusterConfig
            {
                ClusterId = "nodes",
                LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                Destinations = nodes.Select((node, i) => (node, i)).ToDictionary(d => $"node-{d.i + 1}", d => new DestinationConfig { Address = d.node.ToString() }),
            }]);
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
