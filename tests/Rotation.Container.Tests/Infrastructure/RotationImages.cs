using DotNet.Testcontainers.Configurations;
using Rotation.Testing.Processes;

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
    public string Postgres { get; } = $"rotation/postgres:{Tag}";
    public string LoadBalancer { get; } = $"rotation/haproxy:{Tag}";

    public RotationImages()
    {
        // Testcontainers 4.16 speaks Docker API 1.44 unless told otherwise; Debian bookworm's docker.io
        // (20.10) tops out at 1.41. Ask for the engine's own version when it is older, before the first
        // Testcontainers call (below) reads its configuration.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION"))
            && Version.TryParse(DockerEngine.ApiVersion, out var engine) && engine < MinimumDefaultApi)
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", DockerEngine.ApiVersion);
        // The resource reaper is an image from Docker Hub, which no registry-less machine can pull;
        // every test disposes what it created instead.
        TestcontainersSettings.ResourceReaperEnabled = false;
    }

    private static readonly Version MinimumDefaultApi = new(1, 44);

    public async Task InitializeAsync()
    {
        if (DockerEngine.UnreachableReason is not null) return;
        if (Environment.GetEnvironmentVariable("ROTATION_CONTAINER_TESTS_BUILD") == "0") return;
        var root = RepositoryRoot.Find();
        var build = await ChildProcess.RunAsync(new ProcessCommand("bash", [Path.Combine(root, "docker", "build-images.sh")])
        {
            WorkingDirectory = root,
            Timeout = TimeSpan.FromMinutes(15),
        });
        if (!build.Succeeded) throw new InvalidOperationException("docker/build-images.sh failed\n" + build.Describe());
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
