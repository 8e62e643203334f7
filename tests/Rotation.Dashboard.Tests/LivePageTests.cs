using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Rotation.Dashboard.Tests.Infrastructure;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Dashboard.Tests;

/// <summary>
/// `drill --dashboard` in a real headless Chromium, against a real drill (in-process tenant and sender on loopback,
/// real signed traffic): the page loads, its chart grows while the drill runs, the steps appear in order with who
/// acts, and it ends on exactly what report.json says, with no console error.
/// </summary>
public sealed class LivePageTests(SharedChromium shared, ITestOutputHelper log) : IClassFixture<SharedChromium>, IAsyncLifetime
{
    private readonly string _reportDirectory = Directory.CreateTempSubdirectory("rotation-dashboard-test-").FullName;
    private readonly List<string> _problems = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    /// <summary>What the page's status ends on: the drill's result (README's exit codes), or stopped before its report.</summary>
    private static readonly string[] FinalStates = ["passed", "demonstrated", "failed", "interrupted", "stopped"];

    [ChromiumFact]
    public async Task The_page_follows_an_overlap_drill_live_and_ends_on_what_report_json_says()
    {
        await using var dashboard = await StartDashboardAsync();
        var chromium = await shared.BrowserAsync();
        var page = await OpenAsync(chromium, dashboard);
        await page.WaitForStatusAsync("waiting");
        Assert.Equal("Rotation drill — live", await page.Page.TitleAsync());

        var drill = ShortDrill.RunAsync(dashboard, ShortDrill.Request(ProcedureMode.Overlap, Scenario.Correct, _reportDirectory), log, _timeout.Token);
        // Looked at from outside while the drill is still running: the chart already shows traffic, more and more of it.
        var sampled = new SortedSet<int>();
        while (!drill.IsCompleted)
        {
            sampled.Add(await page.Page.EvaluateAsync<int>("+(document.querySelector('#procedure-0 svg.chart')?.dataset.intervals ?? 0)"));
            await Task.WhenAny(drill, Task.Delay(TimeSpan.FromMilliseconds(200), _timeout.Token));
        }
        var (report, exitCode) = await drill;
        Assert.Equal(0, exitCode);
        Assert.True(sampled.Count(n => n > 0) >= 2, $"while the drill ran the chart held only {string.Join(", ", sampled)} seconds");
        await page.WaitForStatusAsync(FinalStates);
        Assert.Equal("passed", await page.StatusAsync());

        // The chart grew while the drill ran, second by second, before the report's timeline replaced it.
        var seen = await page.SeenAsync();
        var live = seen.Where(s => s.Kind == "chart" && s.Text == "live").Select(s => s.Number).Distinct().ToList();
        log.WriteLine($"seconds on the chart while the drill ran: {string.Join(", ", live)}; {report.Procedures[0].Timeline.Count} in the report");
        Assert.True(live.Count(n => n > 0) >= 3, $"the chart grew only through {string.Join(", ", live)} while the drill ran");
        Assert.Equal(live.Order(), live);

        // Steps appeared one after the other, each announced with who acts before it was done.
        var expected = await ExpectedAsync();
        var started = seen.Where(s => s.Kind == "step" && s.Text == "running").Select(s => s.Number).ToList();
        Assert.Equal(Enumerable.Range(1, 7), started);
        foreach (var step in expected.Steps)
        {
            var announced = seen.ToList().FindIndex(s => s.Kind == "current" && s.Text == $"overlap procedure, step {step.Number} of 7 — {step.Role}: {step.Sentence}");
            var done = seen.ToList().FindIndex(s => s.Kind == "step" && s.Number == step.Number && s.Text == "done");
            Assert.True(announced >= 0, $"the current-step line never showed step {step.Number} with its role ({step.Role})");
            Assert.True(done > announced, $"step {step.Number} was shown done before it was announced");
        }

        await AssertShowsReportAsync(page, expected, "passed");
        await AssertAccessibleAsync(page);
        await AssertReportLinksServeTheFilesAsync(page);
        AssertNoProblems();
    }

    [ChromiumFact]
    public async Task A_rehearsed_mistake_ends_demonstrated_with_its_broken_invariants_and_a_page_opened_afterwards_shows_the_same()
    {
        await using var dashboard = await StartDashboardAsync();
        var (page, exitCode, expected) = await WatchAsync(dashboard, ProcedureMode.Overlap, Scenario.RemoveOldEarly);
        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Contains(expected.Invariants, i => !i.Holds);
        await AssertShowsReportAsync(page, expected, "demonstrated");
        Assert.Equal("demonstrated", await page.Page.Locator("#procedure-0").GetAttributeAsync("data-verdict"));
        Assert.StartsWith("Demonstrated: it broke exactly as predicted", await page.Page.Locator("#procedure-0 .verdict-detail").InnerTextAsync(), StringComparison.Ordinal);

        // A page opened after the end is given the whole run from the event log.
        var late = await OpenAsync(await shared.BrowserAsync(), dashboard);
        await late.WaitForStatusAsync(FinalStates);
        await AssertShowsReportAsync(late, expected, "demonstrated");
        AssertNoProblems();
    }

    [ChromiumFact]
    public async Task Ctrl_C_during_the_drill_ends_the_page_interrupted_on_the_partial_report()
    {
        await using var dashboard = await StartDashboardAsync();
        var page = await OpenAsync(await shared.BrowserAsync(), dashboard);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        var drill = ShortDrill.RunAsync(dashboard, ShortDrill.Request(ProcedureMode.Overlap, Scenario.Correct, _reportDirectory), log, ctrlC.Token);
        // Interrupted in the middle: once the page shows the second step done.
        await page.Page.WaitForFunctionAsync("document.querySelector('#procedure-0 li[data-number=\"2\"]')?.dataset.state === 'done'",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        await ctrlC.CancelAsync();
        var (report, exitCode) = await drill;
        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.True(report.Interrupted);

        await page.WaitForStatusAsync(FinalStates);
        var expected = await ExpectedAsync();
        Assert.Contains(expected.Steps, s => s.State == "skipped");
        await AssertShowsReportAsync(page, expected, "interrupted");
        Assert.Equal("interrupted", await page.Page.Locator("#procedure-0").GetAttributeAsync("data-verdict"));
        Assert.Contains("Exit code 130.", await page.Page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("report.json", await page.Page.Locator("#report a").AllInnerTextsAsync());
        AssertNoProblems();
    }

    [ChromiumFact]
    public async Task A_single_procedure_shows_its_ten_steps_and_the_downtime_as_a_band()
    {
        await using var dashboard = await StartDashboardAsync();
        var (page, exitCode, expected) = await WatchAsync(dashboard, ProcedureMode.Single, Scenario.Correct);
        Assert.Equal(0, exitCode);
        Assert.Equal(10, expected.Steps.Count);
        Assert.True(expected.Downtimes >= 1, "the report shows no paused second");
        await AssertShowsReportAsync(page, expected, "passed");
        Assert.Contains("sender stopped (downtime)", await page.Page.Locator("#procedure-0 .legend").InnerTextAsync(), StringComparison.Ordinal);
        AssertNoProblems();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _timeout.Dispose();
        Directory.Delete(_reportDirectory, recursive: true);
        return Task.CompletedTask;
    }

    private Task<DashboardSession> StartDashboardAsync() => DashboardSession.StartAsync(0, TextWriter.Null, TimeProvider.System, _timeout.Token);

    /// <summary>A page opened before the drill starts, the drill run to its end, and what its report.json says.</summary>
    private async Task<(LivePage Page, int ExitCode, ReportProcedure Expected)> WatchAsync(DashboardSession dashboard, ProcedureMode mode, Scenario scenario)
    {
        var page = await OpenAsync(await shared.BrowserAsync(), dashboard);
        var (_, exitCode) = await ShortDrill.RunAsync(dashboard, ShortDrill.Request(mode, scenario, _reportDirectory), log, _timeout.Token);
        await page.WaitForStatusAsync(FinalStates);
        return (page, exitCode, await ExpectedAsync());
    }

    private async Task<ReportProcedure> ExpectedAsync() => ReportProcedure.Parse(await File.ReadAllTextAsync(Path.Combine(_reportDirectory, "report.json")))[0];

    private async Task<LivePage> OpenAsync(HeadlessChromium chromium, DashboardSession dashboard)
    {
        var page = await chromium.NewPageAsync(_problems);
        await page.AddInitScriptAsync(LivePage.Recorder);
        var response = await page.GotoAsync(dashboard.Address!.ToString());
        Assert.Equal(200, response!.Status);
        return new LivePage(page);
    }

    private void AssertNoProblems()
    {
        lock (_problems) Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    private static async Task AssertShowsReportAsync(LivePage page, ReportProcedure expected, string status)
    {
        Assert.Equal(status, await page.StatusAsync());
        Assert.Equal(expected.Steps, await page.StepsAsync(0));
        Assert.Equal(expected.Invariants, await page.InvariantsAsync(0));
        var chart = await page.ChartAsync(0);
        Assert.Equal(new PageChart(expected.Intervals, expected.Intervals, expected.VerifiedOld, expected.VerifiedNew, expected.Failed, expected.Downtimes, expected.Passed), chart);
    }

    /// <summary>The links the page ends with open the files the drill wrote, byte for byte.</summary>
    private async Task AssertReportLinksServeTheFilesAsync(LivePage page)
    {
        var links = await page.Page.Locator("#report a").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.file)");
        Assert.Equal(Directory.EnumerateFiles(_reportDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal), links);
        foreach (var name in links)
        {
            var href = await page.Page.Locator($"#report a[data-file='{name}']").GetAttributeAsync("href");
            var response = await page.Page.APIRequest.GetAsync(new Uri(new Uri(page.Page.Url), href).ToString());
            Assert.Equal(200, response.Status);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_reportDirectory, name)), await response.BodyAsync());
        }
        var opened = page.Page.WaitForResponseAsync(r => r.Url.EndsWith("/report/report.html", StringComparison.Ordinal));
        await page.Page.Locator("#report a[data-file='report.html']").ClickAsync();
        Assert.Equal(200, (await opened).Status);
        Assert.StartsWith("text/html", (await opened).Headers["content-type"], StringComparison.Ordinal);
        await page.Page.WaitForURLAsync("**/report/report.html");
        // Whatever the report's page asks for next (its icon) is asked before the test looks for errors.
        await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static async Task AssertAccessibleAsync(LivePage page)
    {
        var axe = await page.Page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}
