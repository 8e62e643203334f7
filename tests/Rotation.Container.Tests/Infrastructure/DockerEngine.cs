using System.Net.Sockets;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>
/// Whether a Docker engine answers (DOCKER_HOST, else /var/run/docker.sock), asked once per test run:
/// the container tests run where one does and skip, saying why, where none does.
/// </summary>
public static class DockerEngine
{
    private static readonly Lazy<(string? Unreachable, string? ApiVersion)> Answer = new(Probe);

    /// <summary>Null when the engine answered its ping; otherwise why the container tests cannot run.</summary>
    public static string? UnreachableReason => Answer.Value.Unreachable;

    /// <summary>The newest API version the engine speaks (its ping's API-Version header), when it answered.</summary>
    public static string? ApiVersion => Answer.Value.ApiVersion;

    private static (string?, string?) Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (string.IsNullOrEmpty(host) || host.StartsWith("unix://", StringComparison.Ordinal))
            {
                var socketPath = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
                if (!File.Exists(socketPath))
                    return ($"no Docker engine: {socketPath} does not exist (bash .ci/containers.sh installs and starts one)", null);
                using var handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (_, ct) =>
                    {
                        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    },
                };
                return Ping(new HttpClient(handler) { BaseAddress = new Uri("http://docker/") }, socketPath, timeout.Token);
            }
            var address = new UriBuilder(host) { Scheme = "http" }.Uri;
            return Ping(new HttpClient { BaseAddress = address }, host, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or OperationCanceledException or UriFormatException)
        {
            return ($"no Docker engine answers at {(string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host)}: {e.Message}", null);
        }
    }

    private static (string?, string?) Ping(HttpClient client, string where, CancellationToken ct)
    {
        using (client)
        {
            // A synchronous probe: it runs once, from an attribute constructor, where no await is possible.
            using var response = client.GetAsync("_ping", ct).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode) return ($"the Docker engine at {where} answered its ping with {(int)response.StatusCode}", null);
            return (null, response.Headers.TryGetValues("API-Version", out var versions) ? versions.FirstOrDefault() : null);
        }
    }
}
