using Rotation.Drill.Cli;

namespace Rotation.Drill.Tests;

/// <summary>The command line's promises: usage errors exit 2, an unreachable service 3, URLs parse as URLs.</summary>
public sealed class DrillCliTests
{
    [Theory]
    [InlineData("--mode", "sideways")]
    [InlineData("--tenant", "not-a-url")]
    [InlineData("--scenario", "no-stop", "--mode", "overlap")]
    [InlineData("--rate", "0")]
    [InlineData("--sender", "http://127.0.0.1:9/", "--sender-token", "s")]
    public async Task Usage_errors_exit_2_and_say_what_is_wrong(params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(2, await DrillCli.RunAsync(args, output));
        Assert.NotEmpty(output.ToString().Trim());
    }

    [Fact]
    public async Task Running_services_given_by_url_are_driven_and_an_unreachable_one_exits_3()
    {
        var output = new StringWriter();
        var port = Peers.PeerProcess.FreePort();
        var exit = await DrillCli.RunAsync(
            ["--tenant", $"http://127.0.0.1:{port}", "--tenant-token", "t", "--sender", $"http://127.0.0.1:{port}/", "--sender-token", "s"], output);

        Assert.Equal(3, exit);
        Assert.Contains($"tenant admin http://127.0.0.1:{port}/ (flow http://127.0.0.1:{port}/cxf/orders)", output.ToString());
        Assert.Contains("could not reach", output.ToString());
    }
}
