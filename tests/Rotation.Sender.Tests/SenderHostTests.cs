using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Hosting.Admin;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Sender.Contracts;

namespace Rotation.Sender.Tests;

/// <summary>SenderHost in-process on Kestrel (port 0), driven over its admin API the way the drill drives it.</summary>
[Collection(SenderCollection.Name)]
public sealed class SenderHostTests(TestKeys keys) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<SenderHost> StartHost(SigningTenant tenant, TrustMode mode, params Rotation.Shared.WsSecurity.SigningKey[] trusted) =>
        SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = _dir,
            TenantUrl = tenant.BaseAddress,
            AdminToken = "test-token-" + Guid.NewGuid().ToString("N"),
            TrustMode = mode,
            InitialCertificates = trusted.Select(TestKeys.Public).ToList(),
            Rate = 40,
            Concurrency = 4,
            OutcomeLogPath = Path.Combine(_dir, "outcomes.jsonl"),
        });

    [Fact]
    public async Task The_admin_api_needs_the_bearer_token_and_health_does_not()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await StartHost(tenant, TrustMode.Single, keys.Old);
        using var anonymous = new HttpClient { BaseAddress = host.Address };
        using var wrong = new HttpClient { BaseAddress = host.Address };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.AdminToken + "x");
        using var admin = host.CreateAdminClient();

        Assert.NotEqual(0, host.Address.Port);
        var denied = await anonymous.GetAsync(SenderRoutes.Trust);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(SenderRoutes.Trust)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(SenderRoutes.Trust)).StatusCode);
        var ready = await anonymous.GetFromJsonAsync<JsonElement>("health/ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(1, ready.GetProperty("trustedCertificates").GetInt32());
    }

    [Fact]
    public void Without_a_configured_token_one_is_generated_once_and_stored_owner_only()
    {
        var path = Path.Combine(_dir, SenderHost.AdminTokenFileName);
        var generated = AdminToken.Resolve(null, path);
        var again = AdminToken.Resolve(null, path);
        var configured = AdminToken.Resolve(" configured-token ", path);

        Assert.Equal(path, generated.StoredAt);
        // Byte for byte: a BOM or a newline would break "Authorization: Bearer $(cat admin-token)".
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(generated.Value), File.ReadAllBytes(path));
        Assert.True(generated.Value.Length >= 40);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(generated.Value, again.Value);
        Assert.Null(configured.StoredAt);
        Assert.Equal("admin", configured.NameOf("configured-token"));
        Assert.Null(configured.NameOf("configured-token "));
        Assert.Null(configured.NameOf(null));
    }

    /// <summary>
    /// The defect: the in-process host read ROTATION_ADMIN_TOKEN(S) from the process environment, so a test or the
    /// drill running inside a shell that had them set got a host that did not do what its options said.
    /// </summary>
    [Fact]
    public async Task A_host_without_a_configured_token_ignores_the_process_environment_and_uses_the_stored_file()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        const string fromEnvironment = "environment-token-0123456789";
        var saved = (Environment.GetEnvironmentVariable(AdminToken.EnvironmentVariable), Environment.GetEnvironmentVariable(AdminToken.NamedEnvironmentVariable));
        Environment.SetEnvironmentVariable(AdminToken.EnvironmentVariable, fromEnvironment);
        Environment.SetEnvironmentVariable(AdminToken.NamedEnvironmentVariable, "ci=ci-environment-token-0123456789");
        SenderHost host;
        try
        {
            host = await SenderHost.StartAsync(new SenderHostOptions { DataDir = _dir, TenantUrl = tenant.BaseAddress });
        }
        finally
        {
            Environment.SetEnvironmentVariable(AdminToken.EnvironmentVariable, saved.Item1);
            Environment.SetEnvironmentVariable(AdminToken.NamedEnvironmentVariable, saved.Item2);
        }
        await using var _ = host;

        Assert.Equal(host.AdminToken, await File.ReadAllTextAsync(Path.Combine(_dir, SenderHost.AdminTokenFileName)));
        Assert.NotEqual(fromEnvironment, host.AdminToken);
        Assert.Equal(["admin"], host.Token.Names);
        using var admin = host.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(SenderRoutes.Traffic)).StatusCode);
        using var environmentCaller = new HttpClient { BaseAddress = host.Address };
        environmentCaller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fromEnvironment);
        Assert.Equal(HttpStatusCode.Unauthorized, (await environmentCaller.GetAsync(SenderRoutes.Traffic)).StatusCode);
    }

    [Fact]
    public async Task Overlap_procedure_over_the_admin_api_add_new_tenant_switches_remove_old_without_a_failure()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await StartHost(tenant, TrustMode.Overlap, keys.Old);
        using var admin = host.CreateAdminClient();

        (await admin.PostAsJsonAsync(SenderRoutes.TrafficStart, new { rate = 40, concurrency = 4 })).EnsureSuccessStatusCode();
        var before = await Probe(admin, 3);
        Assert.True(before.GetProperty("allVerified").GetBoolean());
        Assert.Equal(3, before.GetProperty("verifiedBy").GetProperty(keys.Old.Fingerprint).GetInt32());

        (await admin.PostAsJsonAsync(SenderRoutes.TrustCertificates, new { pem = TestKeys.Pem(keys.New) })).EnsureSuccessStatusCode();
        await Task.Delay(300);
        tenant.Key = keys.New;
        var after = await Probe(admin, 3);
        Assert.Equal(3, after.GetProperty("verifiedBy").GetProperty(keys.New.Fingerprint).GetInt32());
        await Task.Delay(300);
        (await admin.DeleteAsync(SenderRoutes.TrustCertificate(keys.Old.Fingerprint))).EnsureSuccessStatusCode();
        await Task.Delay(300);
        (await admin.PostAsync(SenderRoutes.TrafficStop, null)).EnsureSuccessStatusCode();

        var trust = await admin.GetFromJsonAsync<JsonElement>(SenderRoutes.Trust);
        Assert.Equal("Overlap", trust.GetProperty("mode").GetString());
        var certificate = Assert.Single(trust.GetProperty("certificates").EnumerateArray());
        Assert.Equal(keys.New.Fingerprint, certificate.GetProperty("fingerprint").GetString());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", certificate.GetProperty("pem").GetString());

        var statistics = await admin.GetFromJsonAsync<JsonElement>(SenderRoutes.Statistics);
        var totals = statistics.GetProperty("traffic").GetProperty("totals");
        Assert.Equal(0, totals.GetProperty("rejected").GetInt64());
        Assert.Equal(0, totals.GetProperty("transportErrors").GetInt64());
        Assert.True(totals.GetProperty("verified").GetInt64() > 10);
        var byFingerprint = statistics.GetProperty("traffic").GetProperty("byFingerprint").EnumerateArray().Select(f => f.GetProperty("fingerprint").GetString()).ToList();
        Assert.Equal([keys.Old.Fingerprint, keys.New.Fingerprint], byFingerprint);
        Assert.NotEmpty(statistics.GetProperty("traffic").GetProperty("series").EnumerateArray());
        Assert.True(statistics.GetProperty("trustVerifiedCounts").GetProperty(keys.New.Fingerprint).GetInt64() >= 3);
    }

    [Fact]
    public async Task Single_procedure_over_the_admin_api_pause_exchange_resume_loses_nothing()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await StartHost(tenant, TrustMode.Single, keys.Old);
        using var admin = host.CreateAdminClient();
        var start = await admin.PostAsync(SenderRoutes.TrafficStart, null); // no body: the host's rate and concurrency
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await Eventually.TrueAsync(() => tenant.Requests >= 5, "traffic reaches the tenant");

        var pause = await (await admin.PostAsync(SenderRoutes.TrafficPause, null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Paused", pause.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(0, pause.GetProperty("status").GetProperty("inFlight").GetInt32());
        var atPause = tenant.Requests;
        // The probe is an administrator's check, not traffic: it goes out even while paused.
        var probe = await (await admin.PostAsync(SenderRoutes.Probe, null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, probe.GetProperty("verified").GetInt32());
        atPause += 5;
        Assert.Equal(atPause, tenant.Requests);
        tenant.Key = keys.New;
        var exchange = await admin.PostAsJsonAsync(SenderRoutes.TrustExchange, new { pem = TestKeys.Pem(keys.New) });
        exchange.EnsureSuccessStatusCode();
        await Task.Delay(400);
        Assert.Equal(atPause, tenant.Requests);
        (await admin.PostAsync(SenderRoutes.TrafficResume, null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => tenant.Requests >= atPause + 5, "traffic resumes");
        (await admin.PostAsync(SenderRoutes.TrafficStop, null)).EnsureSuccessStatusCode();

        var statistics = await admin.GetFromJsonAsync<JsonElement>(SenderRoutes.Statistics);
        var traffic = statistics.GetProperty("traffic");
        Assert.Equal(0, traffic.GetProperty("totals").GetProperty("rejected").GetInt64());
        const int probes = 5; // counted at the tenant, not in the traffic statistics
        Assert.Equal(tenant.Requests - probes, traffic.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Contains(traffic.GetProperty("series").EnumerateArray(), s => s.GetProperty("paused").GetBoolean());
        var old = traffic.GetProperty("byFingerprint").EnumerateArray().Single(f => f.GetProperty("fingerprint").GetString() == keys.Old.Fingerprint);
        var renewed = traffic.GetProperty("byFingerprint").EnumerateArray().Single(f => f.GetProperty("fingerprint").GetString() == keys.New.Fingerprint);
        Assert.True(old.GetProperty("lastVerifiedAt").GetDateTimeOffset() <= renewed.GetProperty("firstVerifiedAt").GetDateTimeOffset());
        var log = await File.ReadAllLinesAsync(Path.Combine(_dir, "outcomes.jsonl"));
        Assert.Equal(tenant.Requests - probes, log.Length);

        // The exchange survived in the data directory.
        var reloaded = await TrustStore.OpenAsync(_dir, TrustMode.Overlap, []);
        Assert.Equal(keys.New.Fingerprint, Assert.Single(reloaded.Current.Entries).Fingerprint);
    }

    [Fact]
    public async Task Refusals_are_problem_details_with_a_code()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await StartHost(tenant, TrustMode.Single, keys.Old);
        using var admin = host.CreateAdminClient();

        var add = await admin.PostAsJsonAsync(SenderRoutes.TrustCertificates, new { pem = TestKeys.Pem(keys.New) });
        var garbage = await admin.PostAsJsonAsync(SenderRoutes.TrustExchange, new { pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" });
        var unknown = await admin.DeleteAsync(SenderRoutes.TrustCertificate(new string('0', 64)));
        var mode = await admin.PutAsJsonAsync(SenderRoutes.TrustMode, new { mode = "sideways" });
        (await admin.PostAsJsonAsync(SenderRoutes.TrafficStart, new { rate = 5 })).EnsureSuccessStatusCode();
        var again = await admin.PostAsJsonAsync(SenderRoutes.TrafficStart, new { rate = 5 });
        var rate = await admin.PutAsJsonAsync(SenderRoutes.TrafficRate, new { rate = -1 });
        var probe = await admin.PostAsJsonAsync(SenderRoutes.Probe, new { count = 100000 });

        Assert.Equal(HttpStatusCode.Conflict, add.StatusCode);
        Assert.Equal("application/problem+json", add.Content.Headers.ContentType?.MediaType);
        Assert.Equal("SingleModeHoldsOne", (await add.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mode.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, probe.StatusCode);
        Assert.Equal(keys.Old.Fingerprint, Assert.Single(host.Trust.Current.Entries).Fingerprint);
    }

    private static async Task<JsonElement> Probe(HttpClient admin, int count)
    {
        var response = await admin.PostAsJsonAsync(SenderRoutes.Probe, new { count });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
