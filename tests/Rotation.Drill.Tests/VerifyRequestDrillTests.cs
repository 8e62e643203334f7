using System.Text.Json;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// The renewal of the sender's key (--case verify-request, docs/DESIGN.md §10), end to end on the embedded tenant and
/// sender under live traffic: the procedure as written refuses no request, and each rehearsed mistake shows the
/// requests the tenant refused, with its reason codes.
/// </summary>
public sealed class VerifyRequestDrillTests(ITestOutputHelper log)
{
    [Fact]
    public async Task The_procedure_as_written_refuses_no_request_and_reports_the_old_certificates_last_use_before_the_new_ones_first()
    {
        var directory = Directory.CreateTempSubdirectory("drill-verify-request-").FullName;
        try
        {
            var (report, exitCode, console) = await DrillRunner.RunVerifyRequestAsync(log, reportDirectory: directory);
            var p = Assert.Single(report.Procedures);

            Assert.Equal(ExitCodes.Succeeded, exitCode);
            Assert.Equal(ProcedureVerdict.Passed, p.Verdict);
            Assert.Equal(("verify-request", "verify-request"), (p.Mode, p.Case));
            Assert.Equal(8, p.Steps.Count);
            Assert.All(p.Steps, s => Assert.Equal(StepOutcome.Done, s.Outcome));
            Assert.Equal([Role.SenderAdministrator, Role.SenderAdministrator, Role.TenantAdministrator, Role.TenantAdministrator,
                Role.SenderAdministrator, Role.SenderAdministrator, Role.TenantAdministrator, Role.TenantAdministrator], p.Steps.Select(s => s.Role));
            Assert.True(p.Requests > 100, $"only {p.Requests} requests");
            Assert.Equal(0, p.Failed);

            var inbound = Assert.IsType<InboundReport>(p.Inbound);
            Assert.Empty(inbound.Refused);
            Assert.True(inbound.Old.Verified > 0 && inbound.New is { Verified: > 0 });
            var (switched, removed) = (inbound.SwitchedAt!.Value, inbound.RemovedAt!.Value);
            // Last use of the old certificate and first use of the new one, in the order the procedure makes them.
            Assert.True(inbound.Old.FirstAt < inbound.New!.FirstAt && inbound.Old.LastAt < inbound.New.LastAt);
            Assert.True(inbound.Old.LastAt < removed, $"old certificate used at {inbound.Old.LastAt:O}, after its removal at {removed:O}");
            Assert.True(removed - switched >= report.Settings.DeliveryWindow, "the old certificate was removed before the delivery window had passed");
            Assert.Equal(inbound.Old.Verified, p.VerifiedOld);
            Assert.Equal(["sender-old", "sender-new"], p.Certificates.Select(c => c.Role));
            Assert.NotNull(p.RetiredKey);
            Assert.Contains("sender's old certificate", console);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report.json")));
            var written = json.RootElement.GetProperty("procedures")[0];
            Assert.Equal("verify-request", written.GetProperty("case").GetString());
            Assert.True(written.GetProperty("inbound").GetProperty("new").GetProperty("verified").GetInt64() > 0);
            Assert.True(File.Exists(Path.Combine(directory, "verify-request-sender-new-certificate.pem")));
            Assert.Contains("The sender's key, as the tenant verified it", await File.ReadAllTextAsync(Path.Combine(directory, "report.html")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(Scenario.SwitchBeforeImport)]
    [InlineData(Scenario.RemoveBeforeSwitch)]
    public async Task A_mistake_shows_the_requests_the_tenant_refused_with_its_reason_codes(Scenario scenario)
    {
        var (report, exitCode, console) = await DrillRunner.RunVerifyRequestAsync(log, scenario);
        var p = Assert.Single(report.Procedures);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Equal(ProcedureVerdict.Demonstrated, p.Verdict);
        Assert.False(p.Passed);
        Assert.Equal(ScenarioNames.PredictedBreaks(scenario).Order(), p.Invariants.Where(i => !i.Holds).Select(i => i.Kind!.Value).Order());
        // A request signed by a certificate in a BinarySecurityToken under no listed alias: untrusted, nothing else.
        var refused = Assert.Single(p.Inbound!.Refused);
        Assert.Equal("CertificateUntrusted", refused.Reason);
        Assert.True(refused.Count > 0);
        // The sender sees the refusals as SOAP faults (wsse:SecurityTokenUnavailable), and verifies every response.
        Assert.True(p.SoapFaults > 0);
        Assert.Equal(0, p.Rejected);
        Assert.Contains(p.Errors, e => e.Code == "SoapFault" && e.Message.Contains("security token", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(p.Steps, s => s.Outcome == StepOutcome.CheckFailed && s.Detail.Contains("refused with a SOAP fault"));
        // The refusals fall where the mistake is in force: after the early switch, or after the early removal.
        var mistakeAt = p.Steps.Single(s => s.Sentence.StartsWith(scenario == Scenario.SwitchBeforeImport ? "Exchange the key pair" : "Remove the old certificate", StringComparison.Ordinal)).StartedAt;
        Assert.True(refused.FirstAt >= mistakeAt, $"refused from {refused.FirstAt:O}, before the mistake at {mistakeAt:O}");
        Assert.Contains("RESULT: demonstrated", console);
        Assert.Contains("CertificateUntrusted refused by the tenant", console);
        // Either way the sender ends up signing with the new key, which the tenant verifies.
        Assert.True(p.Inbound.New is { Verified: > 0 });
    }
}
