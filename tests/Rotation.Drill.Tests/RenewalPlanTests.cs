using Microsoft.Extensions.Time.Testing;
using Rotation.Drill.Admin;
using Rotation.Drill.Plan;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Sender;
using Rotation.Sender.Profiles;
using Rotation.Sender.Trust;
using Rotation.Tenant.Hosting;
using Rotation.Sender.Contracts;
using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Tests;

/// <summary>drill plan (docs/DESIGN.md §13) against a running tenant (and sender): days to expiry, proposed procedure, safe start on a fake clock, runbooks, exit codes.</summary>
public sealed class RenewalPlanTests : IAsyncLifetime
{
    private const string TenantToken = "tenant-token-for-plan-tests";
    private readonly string _root = Directory.CreateTempSubdirectory("rotation-plan-").FullName;
    private TenantHost _tenant = null!;
    private EntryView _signing = null!;
    private EntryView _shortLived = null!;

    public async Task InitializeAsync()
    {
        _tenant = TenantHost.Build(new TenantOptions
        {
            DataDir = Path.Combine(_root, "tenant"),
            Urls = "http://127.0.0.1:0",
            AdminToken = TenantToken,
            InitialKeyAlgorithm = Rotation.Shared.Certificates.KeyAlgorithm.Rsa2048,
            InitialKeySubject = "CN=Plan Tenant, O=Rotation",
        });
        await _tenant.StartAsync();
        using var admin = Tenant();
        Assert.True((await admin.Api.CreateKeyPairAsync(new CreateKeyPairBody("partner-b", "EC-P256", Subject: "CN=Partner B, O=Rotation", ValidityDays: 10), CancellationToken.None)).Succeeded);
        var entries = await admin.EntriesAsync(CancellationToken.None);
        var signer = await admin.SignerStepAsync(CancellationToken.None);
        _signing = entries.Single(e => e.Alias == signer.Alias);
        _shortLived = entries.Single(e => e.Alias == "partner-b");
    }

    public async Task DisposeAsync()
    {
        await _tenant.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Without_the_sender_every_signing_certificate_is_listed_soonest_first_with_single_proposed_and_the_safe_start_on_the_clock()
    {
        // The plan's clock, not the tenant's: ten days before the short-lived certificate expires.
        var clock = new FakeTimeProvider(_shortLived.NotAfter.AddDays(-10));
        using var tenant = Tenant();

        var plan = await RenewalPlan.BuildAsync(tenant, null, 30, clock, CancellationToken.None);

        Assert.Equal([_shortLived.Alias, _signing.Alias], plan.Renewals.Select(r => r.Alias));
        var soon = plan.Renewals[0];
        Assert.Equal(10, soon.DaysToExpiry, 1);
        Assert.Equal(_shortLived.NotAfter.AddDays(-30), soon.LatestSafeStart);
        Assert.True(soon.Due);
        Assert.False(soon.SignsNow);
        Assert.True(plan.Renewals[1].SignsNow);
        Assert.False(plan.Renewals[1].Due);
        Assert.All(plan.Renewals, r => Assert.Equal(ProcedureMode.Single, r.Procedure));
        Assert.Contains("not read", soon.Why);
        Assert.Equal(RenewalProcedure.Steps(ProcedureMode.Single, Scenario.Correct).Select(s => (s.Role, s.Sentence)), soon.Runbook.Select(s => (s.Role, s.Sentence)));
        Assert.Equal(ExitCodes.RenewalDue, plan.ExitCode);

        var earlier = await RenewalPlan.BuildAsync(tenant, null, 30, new FakeTimeProvider(_shortLived.NotAfter.AddDays(-31)), CancellationToken.None);
        Assert.False(earlier.AnyDue);
        Assert.Equal(ExitCodes.Succeeded, earlier.ExitCode);
    }

    [Fact]
    public async Task A_sender_that_trusts_two_certificates_gets_the_overlap_procedure_with_its_profile_s_waits_in_the_runbook()
    {
        await using var sender = await StartSenderAsync(TrustMode.Overlap, SenderProfile.CachedTrust(TimeSpan.FromMinutes(5)), _signing.Alias, _shortLived.Alias);
        using var tenant = Tenant();
        using var senderAdmin = new SenderAdmin(sender.Address, sender.AdminToken);

        var plan = await RenewalPlan.BuildAsync(tenant, senderAdmin, 30, new FakeTimeProvider(DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.All(plan.Renewals, r => Assert.Equal(ProcedureMode.Overlap, r.Procedure));
        Assert.Contains("trusts 2 certificates", plan.Renewals[0].Why);
        var sentences = plan.Renewals[0].Runbook.Select(s => s.Sentence).ToList();
        Assert.Equal(9, sentences.Count);
        Assert.Equal(ProfileSteps.WaitSentence, sentences[sentences.IndexOf("Trust the old and the new certificate.") + 1]);
        Assert.Equal(2, plan.Trusted.Count);
        Assert.Equal(_shortLived.Fingerprint, plan.Trusted[0].Fingerprint);
        Assert.Equal("cached-trust:300s", plan.SenderProfile);

        var markdown = PlanMarkdown.Render(plan);
        Assert.Contains($"| {_shortLived.Alias} | CN=Partner B, O=Rotation | {_shortLived.NotAfter.UtcDateTime:yyyy-MM-dd} |", markdown);
        Assert.Contains($"## '{_signing.Alias}': overlap procedure, start by {_signing.NotAfter.AddDays(-30).UtcDateTime:yyyy-MM-dd}", markdown);
        Assert.Contains("3. **sender administrator**: Trust the old and the new certificate.", markdown);
        Assert.Contains("## What the sender trusts", markdown);
        var html = PlanHtml.Render(plan);
        Assert.Contains("<ol class=\"runbook\"><li><strong>tenant administrator</strong>: Create a new key pair.</li>", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(ProfileSteps.WaitSentence), html);
        System.Xml.Linq.XDocument.Parse(html[html.IndexOf("<html", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task A_sender_in_single_mode_gets_the_single_procedure()
    {
        await using var sender = await StartSenderAsync(TrustMode.Single, SenderProfile.Strict, _signing.Alias);
        using var tenant = Tenant();
        using var senderAdmin = new SenderAdmin(sender.Address, sender.AdminToken);

        var plan = await RenewalPlan.BuildAsync(tenant, senderAdmin, 30, TimeProvider.System, CancellationToken.None);

        Assert.All(plan.Renewals, r => Assert.Equal(ProcedureMode.Single, r.Procedure));
        Assert.Contains("exactly one certificate", plan.Renewals[0].Why);
        Assert.Equal(RenewalProcedure.Steps(ProcedureMode.Single, Scenario.Correct).Count, plan.Renewals[0].Runbook.Count);
    }

    [Fact]
    public async Task The_command_exits_4_when_a_certificate_expires_within_the_lead_time_0_otherwise_and_2_without_a_tenant()
    {
        var directory = Path.Combine(_root, "plan-out");
        var output = new StringWriter();

        var due = await Cli.DrillCli.RunAsync(["plan", "--tenant", _tenant.BaseAddress.ToString(), "--tenant-token", TenantToken, "--lead-time", "20", "--out", directory], output);
        Assert.Equal(ExitCodes.RenewalDue, due);
        Assert.Contains($"DUE  '{_shortLived.Alias}'", output.ToString());
        Assert.Contains("single procedure", await File.ReadAllTextAsync(Path.Combine(directory, "plan.md")));
        Assert.Contains("Renewal due now", await File.ReadAllTextAsync(Path.Combine(directory, "plan.html")));

        var calm = await Cli.DrillCli.RunAsync(["plan", "--tenant", _tenant.BaseAddress.ToString(), "--tenant-token", TenantToken, "--lead-time", "5", "--out", directory], output);
        Assert.Equal(ExitCodes.Succeeded, calm);

        var usage = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await Cli.DrillCli.RunAsync(["plan", "--lead-time", "-1"], usage));
        Assert.Contains("--tenant is required", usage.ToString());
        Assert.Contains("--lead-time -1", usage.ToString());
    }

    private TenantAdmin Tenant() => new(_tenant.BaseAddress, TenantToken);

    private async Task<SenderHost> StartSenderAsync(TrustMode mode, SenderProfile profile, params string[] aliases)
    {
        var certificates = aliases.Select(a => _tenant.Keystore.Current.Find(a)!.PublicCertificate).ToList();
        return await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = Path.Combine(_root, "sender-" + Guid.NewGuid().ToString("N")),
            AdminToken = "sender-token-for-plan-tests",
            TenantUrl = _tenant.EndpointAddress,
            TrustMode = mode,
            InitialCertificates = certificates,
            Profile = profile,
        });
    }
}
