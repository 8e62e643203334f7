using DotNet.Testcontainers.Builders;
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

    public async Task<TenantContainer> StartTenantAsync(IVolume data, CancellationToken ct)
    {
        var container = await StartAsync(new ContainerBuilder(Images.Tenant)
            .WithNetworkAliases(TenantAlias)
            .WithVolumeMount(data, "/data")
            .WithEnvironment("ROTATION_ADMIN_TOKEN", TenantContainer.AdminToken)
            // A 2048-bit first key starts the tenant in a second instead of several on a busy machine.
            .WithEnvironment("ROTATION_INITIAL_KEY", "RSA-2048")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted("rotation-healthcheck", "8080", "/health/ready")), ct);
        return new TenantContainer(container);
    }

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
