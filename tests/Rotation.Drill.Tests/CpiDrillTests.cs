using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Tenants;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// Both procedures with --tenant-api cpi against the in-process tenant: the drill drives it only through /api/v1
/// (OAuth, CSRF) and the flow, with both exchange methods (docs/DESIGN.md §9). Short phases: these run in CI.
/// </summary>
public sealed class CpiDrillTests(ITestOutputHelper log)
{
    private static readonly DrillServiceRequest Cpi = new() { TenantApi = TenantApi.Cpi };

    private static DrillSettings Settings(ExchangeMethod method) => DrillRunner.FastSettings with { Phase = TimeSpan.FromSeconds(1), ExchangeMethod = method, DeliveryWindow = TimeSpan.FromSeconds(0.5) };

    [Fact]
    public async Task Overlap_by_upload_renews_through_the_platform_API_without_a_failed_response()
    {
        var (report, exitCode, console) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap, services: Cpi, settings: Settings(ExchangeMethod.Upload));
        var p = Assert.Single(report.Procedures);

        Assert.True(exitCode == 0, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        Assert.Equal("cpi", report.TenantApi);
        Assert.Contains("/api/v1", console);
        Assert.Equal(0, p.Failed);
        Assert.True(p.VerifiedOld > 0 && p.VerifiedNew > 0);
        Assert.Null(p.RenameWindow);
        // Made in the drill's memory, uploaded in one call; the tenant put the old key pair in its history.
        Assert.Contains("in the drill's memory", p.Steps[0].Detail);
        Assert.Contains("KeyPairResources?update=true", p.Steps[4].Detail);
        Assert.Equal(p.OldFingerprint, Assert.IsType<Admin.HistoryInfo>(p.RetiredKey).Fingerprint);
        // Without a dynamic alias the sender checks its trust store before the exchange, and the report says so.
        Assert.Contains("no dynamic alias through /api/v1", p.Steps[3].Detail);
        Assert.Contains(report.TenantChecks, c => !c.Possible && c.Check.Contains("in flight", StringComparison.Ordinal));
        Assert.Contains(report.TenantChecks, c => !c.Possible && c.Check.Contains("signed with the new key verifies before", StringComparison.Ordinal));
        Assert.Contains(report.TenantChecks, c => c.Possible && c.Check == "the alias always holds a key pair");
        // Samples come from the flow as configured: the old key before, the new key after the exchange.
        Assert.Equal(p.OldFingerprint, Assert.Single(p.Samples, s => s.Name == "old-key").Fingerprint);
        Assert.Equal(p.NewFingerprint, Assert.Single(p.Samples, s => s.Name == "new-key").Fingerprint);
    }

    [Fact]
    public async Task Overlap_by_rename_measures_the_window_and_attributes_its_failures_to_it()
    {
        var (report, exitCode, console) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap, services: Cpi, settings: Settings(ExchangeMethod.Rename));
        var p = Assert.Single(report.Procedures);

        Assert.True(exitCode == 0, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        var window = Assert.IsType<RenameWindowReport>(p.RenameWindow);
        Assert.True(window.Milliseconds > 0);
        Assert.True(window.EndedAt > window.StartedAt);
        Assert.Equal(Math.Round((window.EndedAt - window.StartedAt).TotalMilliseconds, 3), window.Milliseconds);
        Assert.True(p.ExchangedAt >= window.EndedAt);
        // Every failure of the run happened in the window: the flow had no key pair under its alias, nothing else failed.
        Assert.Equal(p.Failed, window.FailedRequests);
        Assert.All(window.Failures, f => Assert.True(f.FirstAt >= window.StartedAt && f.LastAt <= window.EndedAt + RenameWindowReport.Grace));
        Assert.Contains(p.Invariants, i => i.Name == "no rejected or failed request outside the rename window" && i.Holds);
        Assert.Contains("rename window:", console);
        // Made on the tenant, and the old key pair kept under its new alias.
        Assert.Contains("KeyPairGenerationRequests", p.Steps[0].Detail);
        var retired = Assert.IsType<Admin.HistoryInfo>(p.RetiredKey);
        Assert.Equal(window.RetiredAlias, retired.Alias);
        Assert.Equal(p.OldFingerprint, retired.Fingerprint);
        Assert.Contains(report.TenantChecks, c => !c.Possible && c.Check == "the alias always holds a key pair");
    }

    [Fact]
    public async Task Single_by_rename_waits_a_delivery_window_instead_of_the_in_flight_view_and_sends_nothing_in_the_downtime()
    {
        var (report, exitCode, _) = await DrillRunner.RunAsync(log, ProcedureMode.Single, services: Cpi, settings: Settings(ExchangeMethod.Rename));
        var p = Assert.Single(report.Procedures);

        Assert.True(exitCode == 0, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        Assert.Equal(0, p.Failed);
        Assert.Equal(0, p.RequestsDuringDowntime);
        Assert.Contains("waited a delivery window of 0.5 s", p.Steps[6].Detail);
        Assert.True(p.Steps[6].Seconds >= 0.5);
        // The sender paused, so the rename window cost nothing; the message log is replaced by the sender's view.
        Assert.Equal(0, Assert.IsType<RenameWindowReport>(p.RenameWindow).FailedRequests);
        Assert.Null(p.SignedWithOldAfterExchange);
        Assert.Contains(p.Invariants, i => i.Name == "no response signed with the old key after the exchange" && i.Holds && i.Detail.StartsWith("sender's view", StringComparison.Ordinal));
    }

    /// <summary>A running tenant given by URL, Basic credentials, the flow and alias given as for a real tenant; the report says which face was driven.</summary>
    [Fact]
    public async Task A_running_tenant_is_driven_through_its_API_with_Basic_credentials_and_the_report_lists_the_checks()
    {
        await using var running = await CpiTestTenant.StartAsync();
        var tenant = running.Host;
        var directory = Directory.CreateTempSubdirectory("rotation-cpi-report-").FullName;
        var output = new StringWriter();
        try
        {
            var exit = await Cli.DrillCli.RunAsync(["--tenant-api", "cpi", "--tenant", tenant.BaseAddress.ToString(), "--alias", tenant.SignerStep.Current.Alias,
                "--flow-url", tenant.EndpointAddress.ToString(), "--cpi-user", CpiTestTenant.Client, "--cpi-password", CpiTestTenant.Secret,
                "--rate", "60", "--phase", "1", "--report", directory], output);

            Assert.True(exit == 0, output.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report.json")));
            Assert.Equal("cpi", json.RootElement.GetProperty("tenantApi").GetString());
            Assert.Contains(json.RootElement.GetProperty("tenantChecks").EnumerateArray(), c => !c.GetProperty("possible").GetBoolean());
            Assert.Contains("Checks through the tenant's /api/v1", await File.ReadAllTextAsync(Path.Combine(directory, "report.html")));
            // The exchange went through /api/v1: the alias the flow signs with holds the new key.
            var p = Assert.Single(json.RootElement.GetProperty("procedures").EnumerateArray());
            Assert.Equal(p.GetProperty("newFingerprint").GetString(), Rotation.Shared.Certificates.CertificateInfo.Fingerprint(tenant.Keystore.Current.Find(tenant.SignerStep.Current.Alias)!.PublicCertificate));
        }
        finally
        {
            log.WriteLine(output.ToString());
            Directory.Delete(directory, recursive: true);
        }
    }
}
