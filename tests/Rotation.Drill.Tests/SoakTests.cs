using Rotation.Drill.Soak;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>The short soak CI runs: a few overlap rotations back to back with tenant and sender as their own processes.</summary>
public sealed class SoakTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Rotations_back_to_back_under_load_fail_no_request_and_keep_memory_bounded()
    {
        var output = new StringWriter();
        var runner = new SoakRunner(output, TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var settings = new SoakSettings { Rotations = 4, Rate = 150, Concurrency = 12, Dwell = TimeSpan.FromMilliseconds(400) };
        SoakReport report;
        try
        {
            report = await runner.RunAsync(settings, timeout.Token);
            runner.Summarise(report);
        }
        finally
        {
            log.WriteLine(output.ToString());
        }

        Assert.True(report.Passed, string.Join("; ", report.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        Assert.Equal(4, report.Rotations.Count);
        Assert.All(report.Rotations, r => Assert.True(r.Passed, r.Failure));
        Assert.Equal(0, report.Failed);
        Assert.Equal(report.Requests, report.Verified);
        Assert.True(report.Requests > 200, $"{report.Requests} requests");
        // Both processes were measured, separately, all along.
        Assert.True(report.Memory.Count >= 4, $"{report.Memory.Count} memory samples");
        Assert.All(report.Memory, m => Assert.True(m.TenantBytes > 10 * 1024 * 1024 && m.SenderBytes > 10 * 1024 * 1024));
        Assert.Equal(4, report.RotationSeconds.Count);
        Assert.True(report.RotationSeconds.Min > 0 && report.RotationSeconds.Max >= report.RotationSeconds.P50);
        var json = await SoakRunner.WriteAsync(report, Path.Combine(Path.GetTempPath(), "soak-" + Guid.NewGuid().ToString("N")), timeout.Token);
        Assert.Contains("\"rotationSeconds\"", await File.ReadAllTextAsync(json));
        Directory.Delete(Path.GetDirectoryName(json)!, recursive: true);
    }
}
