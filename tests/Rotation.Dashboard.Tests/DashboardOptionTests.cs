using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Rotation.Dashboard.Tests.Infrastructure;
using Rotation.Drill.Cli;
using Xunit.Abstractions;

namespace Rotation.Dashboard.Tests;

/// <summary>`drill --dashboard [PORT]` on the command line: validated before anything starts, and served for the run and a while after.</summary>
public sealed partial class DashboardOptionTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData("eighty")]
    public async Task A_port_that_is_not_one_is_a_usage_error(string port)
    {
        var output = new StringWriter();
        Assert.Equal(2, await DrillCli.RunAsync(["--dashboard", port], output));
        Assert.Contains("--dashboard takes a port between 0 and 65535", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_stops_the_drill_before_it_starts_anything()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var output = new StringWriter();
        var clock = Stopwatch.StartNew();

        Assert.Equal(2, await DrillCli.RunAsync(["--dashboard", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], output));
        log.WriteLine($"{output}(refused after {clock.Elapsed.TotalMilliseconds:0} ms)");
        Assert.Contains($"--dashboard {port}: 127.0.0.1:{port} cannot be listened on", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tenant admin", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_served_during_the_drill_and_the_report_after_it_until_ctrl_c()
    {
        var output = new WatchedOutput();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var drill = DrillCli.RunAsync(["--dashboard", "0", "--phase", "0.5", "--rate", "20", "--concurrency", "2"], output, stop.Token);
        try
        {
            var page = new Uri((await output.WaitForAsync(PageLine(), stop.Token)).Groups["url"].Value);
            Assert.Equal("127.0.0.1", page.Host);
            Assert.Contains("Rotation drill — live", await http.GetStringAsync(page), StringComparison.Ordinal);

            // Without --report the drill writes its report into a new temporary directory, so the page can link it.
            var written = (await output.WaitForAsync(ReportLine(), stop.Token)).Groups["path"].Value;
            var served = new Uri((await output.WaitForAsync(LingerLine(), stop.Token)).Groups["url"].Value);
            Assert.False(drill.IsCompleted);
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(written)!, "report.html")), await http.GetStringAsync(served));

            // Ctrl+C while the report is served only ends the serving: the drill's result stands, and the server is gone.
            await stop.CancelAsync();
            Assert.Equal(0, await drill);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(page));
            Directory.Delete(Path.GetDirectoryName(written)!, recursive: true);
        }
        finally
        {
            log.WriteLine(output.ToString());
        }
    }

    [GeneratedRegex(@"dashboard: (?<url>http://\S+/) ")]
    private static partial Regex PageLine();

    [GeneratedRegex(@"report: (?<path>\S+report\.json)")]
    private static partial Regex ReportLine();

    [GeneratedRegex(@"the report stays at (?<url>http://\S+/report/report\.html) ")]
    private static partial Regex LingerLine();
}
