using System.Diagnostics;
using DotNet.Testcontainers.Configurations;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>
/// The project images, built once per test run by docker/build-images.sh from this checkout, so the
/// containers run the code under test and not an older image. After .ci/containers.sh built them,
/// Docker's layer cache makes this a check of a few seconds. ROTATION_CONTAINER_TESTS_BUILD=0 uses
/// the tagged images as they are.
/// </summary>
public sealed class RotationImages : IAsyncLifetime
{
    public const string Tag = "local";
    public string Tenant { get; } = $"rotation/tenant:{Tag}";
    public string Sender { get; } = $"rotation/sender:{Tag}";
    public string Drill { get; } = $"rotation/drill:{Tag}";

    public RotationImages()
    {
        // The resource reaper is an image from Docker Hub, which no registry-less machine can pull;
        // every test disposes what it created instead.
        TestcontainersSettings.ResourceReaperEnabled = false;
    }

    public async Task InitializeAsync()
    {
        if (DockerEngine.UnreachableReason is not null) return;
        if (Environment.GetEnvironmentVariable("ROTATION_CONTAINER_TESTS_BUILD") == "0") return;
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "docker", "build-images.sh")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"docker/build-images.sh failed with exit code {process.ExitCode}:\n{await output}\n{await error}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ContainerCollection : ICollectionFixture<RotationImages>
{
    // One collection: the container tests run one after another, which a 2-core machine needs.
    public const string Name = "containers";
}
