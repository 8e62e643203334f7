using System.Net;
using System.Net.Sockets;
using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Testing.Processes;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>The drill against --tenant URL: a tenant-service started as a separate process, as an administrator would run it.</summary>
public sealed class RemoteTenantTests(ITestOutputHelper log)
{
    [Fact]
    public async Task The_drill_drives_a_tenant_service_running_as_its_own_process()
    {
        var dataDir = Directory.CreateTempSubdirectory("drill-remote-tenant-").FullName;
        var port = FreePort();
        var token = "remote-tenant-token-" + Guid.NewGuid().ToString("N");
        var tenantDll = Path.Combine(AppContext.BaseDirectory, "Rotation.Tenant.dll");
        Assert.True(File.Exists(tenantDll), $"the tenant-service build is missing at {tenantDll}");
        // Its output is drained all along: a tenant blocked writing its log would fail the drill for the wrong reason.
        await using var tenant = ChildProcess.Start(new ProcessCommand("dotnet", [tenantDll, "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir, "--initial-key", "RSA-2048"])
            .WithVariable("Logging__LogLevel__Default", "Warning")
            .WithVariable("ROTATION_ADMIN_TOKEN", token));
        try
        {
            await WaitReadyAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), tenant);
            var (report, exitCode, console) = await DrillRunner.RunAsync(log, ProcedureMode.Single,
                services: new DrillServiceRequest { TenantUrl = new Uri($"http://127.0.0.1:{port}/"), TenantToken = token });

            Assert.Equal(0, exitCode);
            Assert.Contains($"tenant admin http://127.0.0.1:{port}/", console);
            var p = Assert.Single(report.Procedures);
            Assert.True(p.Passed, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
            Assert.False(tenant.HasExited, "the tenant process died during the drill");
        }
        finally
        {
            await tenant.KillAsync();
            log.WriteLine(tenant.Describe());
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitReadyAsync(Uri ready, RunningProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"the tenant exited before it was ready\n{process.Describe()}");
            try
            {
                using var response = await http.GetAsync(ready);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        Assert.Fail("the tenant did not become ready within 60 s");
    }
}
