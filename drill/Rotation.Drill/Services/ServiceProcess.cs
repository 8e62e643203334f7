using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rotation.Drill.Services;

/// <summary>
/// A tenant-service or sender-client running as its own process (dotnet Rotation.X.dll …), as in production:
/// the soak measures each one's memory, and a crash harness can kill one without touching the other.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lastLines = [];

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        // Drain both pipes: a child blocked on a full pipe would look like a hung service.
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    public string RecentOutput
    {
        get { lock (_lastLines) return string.Join(Environment.NewLine, _lastLines); }
    }

    public static async Task<ServiceProcess> StartAsync(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, int port, CancellationToken ct)
    {
        var path = Path.Combine(AppContext.BaseDirectory, dll);
        if (!File.Exists(path)) throw new FileNotFoundException($"{name}: {dll} is not beside the drill (build the solution first)", path);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
        var peer = new ServiceProcess(name, process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await peer.WaitReadyAsync(TimeSpan.FromSeconds(90), ct);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident memory of the process, from the kernel's own accounting.</summary>
    public long ResidentBytes() => StatusBytes("VmRSS:") ?? Refreshed().WorkingSet64;

    /// <summary>The highest resident memory the process has had (the kernel's high-water mark).</summary>
    public long PeakResidentBytes() => StatusBytes("VmHWM:") ?? Refreshed().PeakWorkingSet64;

    private long? StatusBytes(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException) { }
        return null;
    }

    private Process Refreshed()
    {
        _process.Refresh();
        return _process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready: {RecentOutput}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "health/ready"), ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s: {RecentOutput}");
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Add(line);
            if (_lastLines.Count > 40) _lastLines.RemoveAt(0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
