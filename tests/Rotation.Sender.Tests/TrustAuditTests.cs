using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Sender.Contracts;
using Rotation.Shared.Certificates;
using Rotation.Testing.Keys;

namespace Rotation.Sender.Tests;

/// <summary>Admin safety on the sender: every trust change is audited, and If-Match keeps two administrators from overwriting each other.</summary>
[Collection(SenderCollection.Name)]
public sealed class TrustAuditTests(TestKeys keys) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-trust-audit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Trust_changes_are_audited_and_a_stale_if_match_is_refused_with_412()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await StartHostAsync(tenant);
        using var admin = host.CreateAdminClient();

        using var read = await admin.GetAsync(SenderRoutes.Trust);
        var etag = read.Headers.ETag?.Tag;
        Assert.NotNull(etag);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync(SenderRoutes.TrustCertificates, new { pem = TestKeys.Pem(keys.New) })).StatusCode);

        // A second administrator still holding the old revision: refused, nothing changes.
        using var stale = new HttpRequestMessage(HttpMethod.Delete, SenderRoutes.TrustCertificate(keys.Old.Fingerprint));
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        using var refused = await admin.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(2, host.Trust.Current.Entries.Length);

        using var fresh = await admin.GetAsync(SenderRoutes.Trust);
        using var current = new HttpRequestMessage(HttpMethod.Delete, SenderRoutes.TrustCertificate(keys.Old.Fingerprint));
        current.Headers.TryAddWithoutValidation("If-Match", fresh.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(current)).StatusCode);
        Assert.Equal([keys.New.Fingerprint], host.Trust.Current.Entries.Select(e => e.Fingerprint));

        var lines = (await File.ReadAllLinesAsync(host.Trust.AuditPath!)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal("admin", l.GetProperty("who").GetString()));
        Assert.Equal([keys.Old.Fingerprint], lines[0].GetProperty("oldFingerprints").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal([keys.Old.Fingerprint, keys.New.Fingerprint], lines[0].GetProperty("newFingerprints").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal([keys.New.Fingerprint], lines[1].GetProperty("newFingerprints").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("removed", lines[1].GetProperty("action").GetString());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.Trust.AuditPath!));
    }

    [Fact]
    public async Task A_named_admin_token_is_recorded_as_who_changed_the_trust_store()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await StartHostAsync(tenant, new Dictionary<string, string> { ["pipeline"] = "pipeline-token-0123456789" });
        using var pipeline = host.CreateAdminClient();
        pipeline.DefaultRequestHeaders.Authorization = new("Bearer", "pipeline-token-0123456789");
        Assert.Equal(HttpStatusCode.OK, (await pipeline.PostAsJsonAsync(SenderRoutes.TrustCertificates, new { pem = TestKeys.Pem(keys.New) })).StatusCode);
        pipeline.DefaultRequestHeaders.Authorization = new("Bearer", "pipeline-token-012345678");
        Assert.Equal(HttpStatusCode.Unauthorized, (await pipeline.DeleteAsync(SenderRoutes.TrustCertificate(keys.Old.Fingerprint))).StatusCode);

        var line = Assert.Single(await File.ReadAllLinesAsync(host.Trust.AuditPath!));
        Assert.Equal("pipeline", JsonDocument.Parse(line).RootElement.GetProperty("who").GetString());
        Assert.Equal(2, host.Trust.Current.Entries.Length);
    }
    /// <summary>
    /// Who made a change travels with the change (docs/DESIGN.md §7b), not in ambient state: two callers with their own
    /// tokens changing the keystore and the trust store at the same time are each recorded for their own changes.
    /// </summary>
    [Fact]
    public async Task Two_callers_changing_at_once_are_each_recorded_as_who_made_their_own_changes()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await StartHostAsync(tenant, new Dictionary<string, string> { ["alice"] = "alice-token-0123456789", ["bob"] = "bob-token-0123456789" });
        using var alice = host.CreateAdminClient();
        alice.DefaultRequestHeaders.Authorization = new("Bearer", "alice-token-0123456789");
        using var bob = host.CreateAdminClient();
        bob.DefaultRequestHeaders.Authorization = new("Bearer", "bob-token-0123456789");

        async Task CreateAsync(HttpClient caller, string alias) =>
            Assert.Equal(HttpStatusCode.Created, (await caller.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias, keyAlgorithm = "EC-P256" })).StatusCode);
        async Task TrustAsync(HttpClient caller, string pem) =>
            Assert.Equal(HttpStatusCode.OK, (await caller.PostAsJsonAsync(SenderRoutes.TrustCertificates, new { pem })).StatusCode);
        var partners = Enumerable.Range(0, 8).Select(i => TestCertificates.CurrentlyValid($"CN=partner-{i}", KeyAlgorithm.EcP256)).ToList();
        await Task.WhenAll(Enumerable.Range(0, 8).SelectMany(i => new[]
        {
            CreateAsync(alice, $"alice-{i}"), CreateAsync(bob, $"bob-{i}"),
            TrustAsync(i % 2 == 0 ? alice : bob, CertificateInfo.ToPem(partners[i])),
        }));

        var keystoreAudit = await alice.GetFromJsonAsync<JsonElement[]>(SenderRoutes.KeystoreAudit) ?? [];
        var created = keystoreAudit.Where(r => r.GetProperty("who").GetString() != "system").ToList();
        Assert.Equal(16, created.Count);
        Assert.All(created, r => Assert.StartsWith(r.GetProperty("who").GetString() + "-", r.GetProperty("alias").GetString(), StringComparison.Ordinal));
        var trustAudit = await bob.GetFromJsonAsync<JsonElement[]>(SenderRoutes.Audit) ?? [];
        Assert.Equal(8, trustAudit.Length);
        foreach (var record in trustAudit)
        {
            var added = record.GetProperty("newFingerprints").EnumerateArray().Select(f => f.GetString()!)
                .Except(record.GetProperty("oldFingerprints").EnumerateArray().Select(f => f.GetString()!)).Single();
            var i = partners.FindIndex(p => CertificateInfo.Fingerprint(p) == added);
            Assert.Equal(i % 2 == 0 ? "alice" : "bob", record.GetProperty("who").GetString());
        }
    }

    /// <summary>A sender in overlap mode trusting the tenant's old key, with the admin token "audit-token" and <paramref name="named"/> tokens.</summary>
    private Task<SenderHost> StartHostAsync(SigningTenant tenant, Dictionary<string, string>? named = null) => SenderHost.StartAsync(new SenderHostOptions
    {
        DataDir = _dir,
        TenantUrl = tenant.BaseAddress,
        AdminToken = "audit-token",
        AdminTokens = named,
        TrustMode = TrustMode.Overlap,
        InitialCertificates = [TestKeys.Public(keys.Old)],
    });
}
