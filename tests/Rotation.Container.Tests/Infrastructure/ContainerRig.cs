using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using DotNet.Testcontainers.Volumes;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>
/// One test's containers on one internal network of their own (no route out of it, nothing
/// published): the test process reaches them at their address on that network's bridge. Disposing
/// the rig removes its containers, volumes and network, newest first.
/// </summary>
public sealed class ContainerRig : IAsyncDisposable
{
    public const string TenantAlias = "tenant";
    public const string SenderAlias = "sender";
    public const string PostgresAlias = "postgres";
    public const string LoadBalancerAlias = "haproxy";

    /// <summary>The network alias every node of a cluster shares: the load balancer resolves it to all of them (docker/haproxy/haproxy.cfg).</summary>
    public const string TenantNodesAlias = "tenant-node";

    /// <summary>The nodes' store: the database the PostgreSQL container creates at its first start (no Kerberos probe, as in docker-compose.yml).</summary>
    public const string StoreConnectionString = $"Host={PostgresAlias};Database=rotation;Username=rotation;Password={PostgresPassword};GSS Encryption Mode=Disable";
    private const string PostgresPassword = "container-test-db-password";
    private const string StoreSecret = "container-test-store-secret";

    private readonly Stack<Func<Task>> _cleanUp = new();
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private ContainerRig(RotationImages images, INetwork network)
    {
        Images = images;
        Network = network;
    }

    public RotationImages Images { get; }
    public INetwork Network { get; }

    public static async Task<ContainerRig> CreateAsync(RotationImages images, CancellationToken ct)
    {
        var network = new NetworkBuilder()
            .WithName($"rotation-test-{Guid.NewGuid():N}"[..26])
            .WithCreateParameterModifier(parameters => parameters.Internal = true)
            .Build();
        await network.CreateAsync(ct);
        var rig = new ContainerRig(images, network);
        rig._cleanUp.Push(() => network.DeleteAsync());
        return rig;
    }

    /// <summary>A named volume that outlives the containers mounting it, until the rig goes.</summary>
    public async Task<IVolume> VolumeAsync(string purpose, CancellationToken ct)
    {
        var volume = new VolumeBuilder().WithName($"rotation-test-{_id}-{purpose}").Build();
        await volume.CreateAsync(ct);
        _cleanUp.Push(() => volume.DeleteAsync());
        return volume;
    }

    public async Task<TenantContainer> StartTenantAsync(IVolume data, CancellationToken ct) =>
        new(await StartAsync(TenantBuilder(data).WithNetworkAliases(TenantAlias), ct));

    /// <summary>
    /// PostgreSQL 15 (docker/postgres) with the nodes' database, on a volume of its own so that it keeps its data
    /// across a stop and start of the same container.
    /// </summary>
    public async Task<IContainer> StartPostgresAsync(CancellationToken ct) =>
        await StartAsync(new ContainerBuilder(Images.Postgres)
            .WithNetworkAliases(PostgresAlias)
            .WithVolumeMount(await VolumeAsync("postgres", ct), "/var/lib/postgresql/data")
            .WithEnvironment("POSTGRES_USER", "rotation")
            .WithEnvironment("POSTGRES_DB", "rotation")
            .WithEnvironment("POSTGRES_PASSWORD", PostgresPassword)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted("rotation-postgres-healthcheck")), ct);

    /// <summary>
    /// One worker node of a cluster on the rig's PostgreSQL (docs/DESIGN.md §8): reachable under its own name and under
    /// the alias the load balancer resolves; its data directory (admin token, message log) is its own.
    /// </summary>
    public async Task<TenantContainer> StartTenantNodeAsync(string nodeName, CancellationToken ct) =>
        new(await StartAsync(TenantBuilder(await VolumeAsync(nodeName, ct))
            .WithNetworkAliases(nodeName, TenantNodesAlias)
            .WithEnvironment("ROTATION_STORE", StoreConnectionString)
            .WithEnvironment("ROTATION_STORE_SECRET", StoreSecret)
            .WithCommand("--urls", "http://0.0.0.0:8080", "--data-dir", "/data", "--node-name", nodeName), ct));

    /// <summary>HAProxy (docker/haproxy) in front of the nodes; ready once it has a ready node to send the flow to.</summary>
    public async Task<TenantContainer> StartLoadBalancerAsync(CancellationToken ct) =>
        new(await StartAsync(new ContainerBuilder(Images.LoadBalancer)
            .WithNetworkAliases(LoadBalancerAlias)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted("rotation-healthcheck", "8080", "/haproxy/health")), ct));

    private ContainerBuilder TenantBuilder(IVolume data) => new ContainerBuilder(Images.Tenant)
        .WithVolumeMount(data, "/data")
        .WithEnvironment("ROTATION_ADMIN_TOKEN", TenantContainer.AdminToken)
        // A 2048-bit first key starts the tenant in a second instead of several on a busy machine.
        .WithEnvironment("ROTATION_INITIAL_KEY", "RSA-2048")
        .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted("rotation-healthcheck", "8080", "/health/ready"));

    public async Task<SenderContainer> StartSenderAsync(IVolume data, CancellationToken ct)
    {
        var container = await StartAsync(new ContainerBuilder(Images.Sender)
            .WithNetworkAliases(SenderAlias)
            .WithVolumeMount(data, "/data")
            .WithEnvironment("ROTATION_ADMIN_TOKEN", SenderContainer.AdminToken)
            .WithCommand("serve", "--data-dir", "/data", "--url", $"http://{TenantAlias}:8080/cxf/orders", "--urls", "http://0.0.0.0:8081", "--no-traffic")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted("rotation-healthcheck", "8081", "/health/ready")), ct);
        return new SenderContainer(container);
    }

    /// <summary>
    /// Runs the drill container to its end against the rig's tenant and sender (by their names on the
    /// network, as in docker-compose.yml), its report written to <paramref name="reportDir"/> on the host.
    /// </summary>
    public async Task<DrillRun> RunDrillAsync(string reportDir, IEnumerable<string> arguments, CancellationToken ct)
    {
        var container = new ContainerBuilder(Images.Drill)
            .WithNetwork(Network)
            .WithImagePullPolicy(_ => false)
            .WithBindMount(reportDir, "/reports")
            .WithEnvironment("ROTATION_TENANT_TOKEN", TenantContainer.AdminToken)
            .WithEnvironment("ROTATION_SENDER_TOKEN", SenderContainer.AdminToken)
            .WithCommand([.. arguments, "--tenant", $"http://{TenantAlias}:8080", "--sender", $"http://{SenderAlias}:8081", "--report", "/reports"])
            .Build();
        _cleanUp.Push(() => container.DisposeAsync().AsTask());
        await container.StartAsync(ct);
        var exitCode = await container.GetExitCodeAsync(ct);
        var (stdout, stderr) = await container.GetLogsAsync(ct: ct);
        return new DrillRun(exitCode, stdout, stderr);
    }

    /// <summary>Removes a container before the rig ends (its volumes stay).</summary>
    public static async Task RemoveAsync(IContainer container) => await container.DisposeAsync();

    /// <summary>
    /// SIGKILL to a container's process, as a crashed machine: no graceful shutdown, connections cut. Testcontainers
    /// only stops gracefully, so this asks the engine directly.
    /// </summary>
    public static async Task KillAsync(IContainer container, CancellationToken ct)
    {
        var builder = TestcontainersSettings.OS.DockerEndpointAuthConfig.GetDockerClientBuilder(Guid.NewGuid());
        if (System.Version.TryParse(DockerEngine.ApiVersion, out var api)) builder = builder.WithApiVersion(api);
        using var docker = builder.Build();
        await docker.Containers.KillContainerAsync(container.Id, new ContainerKillParameters { Signal = "KILL" }, ct);
    }

    private async Task<IContainer> StartAsync(ContainerBuilder builder, CancellationToken ct)
    {
        var container = builder
            .WithNetwork(Network)
            // Never pull: the images are built locally, and no registry may be reachable.
            .WithImagePullPolicy(_ => false)
            .Build();
        _cleanUp.Push(() => container.DisposeAsync().AsTask());
        try
        {
            await container.StartAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (stdout, stderr) = await container.GetLogsAsync(ct: CancellationToken.None);
            throw new InvalidOperationException($"{builder.GetType().Name} for {container.Image.FullName} did not become ready: {e.Message}\n--- stdout\n{stdout}\n--- stderr\n{stderr}", e);
        }
        return container;
    }

    public async ValueTask DisposeAsync()
    {
        while (_cleanUp.TryPop(out var step))
        {
            try { await step(); }
            catch (Exception e) when (e is not OutOfMemoryException) { /* already gone: nothing left to clean */ }
        }
    }
}
