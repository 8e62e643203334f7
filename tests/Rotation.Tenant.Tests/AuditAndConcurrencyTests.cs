using System.Net;
using System.Net.Http.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>Admin safety: every keystore change is in the audit trail, and If-Match keeps two administrators from overwriting each other.</summary>
public sealed class AuditAndConcurrencyTests
{
    [Fact]
    public async Task Every_keystore_change_is_audited_with_who_what_and_the_fingerprints()
    {
        await using var tenant = await TestTenant.StartAsync();
        var before = (await tenant.GetJsonAsync(TenantRoutes.Entry("tenant-signing"))).GetProperty("fingerprint").GetString();
        var created = await tenant.CreateKeyPairAsync("next", "EC", 256);
        await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        await tenant.CreateKeyPairAsync("spare", "EC", 256);
        await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Rename("spare"), new { newAlias = "spare-2" });

        var all = (await tenant.GetJsonAsync(TenantRoutes.Audit)).EnumerateArray().ToList();
        // The first key pair, created at start-up on an empty keystore, is the system's; everything after is the admin's.
        Assert.Equal("system", all[0].GetProperty("who").GetString());
        Assert.Equal("key-pair-added", all[0].GetProperty("action").GetString());
        var audit = all.Skip(1).ToList();
        string Action(int i) => audit[i].GetProperty("action").GetString()!;
        Assert.All(audit, r => Assert.Equal("admin", r.GetProperty("who").GetString()));
        Assert.Contains(audit, r => r.GetProperty("action").GetString() == "key-pair-added" && r.GetProperty("subject").GetString() == "next"
            && r.GetProperty("newFingerprint").GetString() == created.GetProperty("fingerprint").GetString());
        var exchanged = Assert.Single(audit, r => r.GetProperty("action").GetString() == "key-pair-exchanged");
        Assert.Equal(before, exchanged.GetProperty("oldFingerprint").GetString());
        Assert.Equal(created.GetProperty("fingerprint").GetString(), exchanged.GetProperty("newFingerprint").GetString());
        Assert.Contains(audit, r => r.GetProperty("action").GetString() == "key-retired" && r.GetProperty("oldFingerprint").GetString() == before);
        Assert.Contains(audit, r => r.GetProperty("action").GetString() == "entry-renamed" && r.GetProperty("subject").GetString() == "spare -> spare-2");
        Assert.Equal("entry-renamed", Action(audit.Count - 1));
        Assert.True(audit.Select(r => r.GetProperty("generation").GetInt64()).SequenceEqual(audit.Select(r => r.GetProperty("generation").GetInt64()).Order()));

        var file = Path.Combine(tenant.Host.DataDir, "audit.log");
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Each_named_admin_token_is_recorded_as_who_made_the_change()
    {
        const string aliceToken = "alice-token-0123456789", bobToken = "bob-token-0123456789";
        await using var tenant = await TestTenant.StartAsync(o => o with { AdminTokens = new Dictionary<string, string> { ["alice"] = aliceToken, ["bob"] = bobToken } });
        using var alice = new HttpClient { BaseAddress = tenant.Admin.BaseAddress };
        alice.DefaultRequestHeaders.Authorization = new("Bearer", aliceToken);
        using var bob = new HttpClient { BaseAddress = tenant.Admin.BaseAddress };
        bob.DefaultRequestHeaders.Authorization = new("Bearer", bobToken);
        using var stranger = new HttpClient { BaseAddress = tenant.Admin.BaseAddress };
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", aliceToken + "x");

        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync(TenantRoutes.KeyPairs, new { alias = "by-alice", keyAlgorithm = "EC", keySize = 256 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync(TenantRoutes.KeyPairs, new { alias = "by-bob", keyAlgorithm = "EC", keySize = 256 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsJsonAsync(TenantRoutes.KeyPairs, new { alias = "by-nobody", keyAlgorithm = "EC", keySize = 256 })).StatusCode);
        await tenant.CreateKeyPairAsync("by-admin");

        var added = (await tenant.GetJsonAsync(TenantRoutes.Audit)).EnumerateArray()
            .Where(r => r.GetProperty("action").GetString() == "key-pair-added")
            .ToDictionary(r => r.GetProperty("subject").GetString()!, r => r.GetProperty("who").GetString());
        Assert.Equal("alice", added["by-alice"]);
        Assert.Equal("bob", added["by-bob"]);
        Assert.Equal("admin", added["by-admin"]);
        Assert.False(added.ContainsKey("by-nobody"));
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync(TenantRoutes.Entry("by-nobody"))).StatusCode);
    }

    [Fact]
    public async Task A_change_based_on_a_stale_generation_is_refused_with_412_and_changes_nothing()
    {
        await using var tenant = await TestTenant.StartAsync();
        using var read = await tenant.Admin.GetAsync(TenantRoutes.Entries);
        var etag = read.Headers.ETag?.Tag;
        Assert.NotNull(etag);

        // Another administrator changes the keystore in between.
        await tenant.CreateKeyPairAsync("theirs", "EC", 256);

        using var stale = new HttpRequestMessage(HttpMethod.Post, TenantRoutes.KeyPairs)
        {
            Content = JsonContent.Create(new { alias = "mine", keyAlgorithm = "EC", keySize = 256 }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        using var refused = await tenant.Admin.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync(TenantRoutes.Entry("mine"))).StatusCode);

        using var fresh = await tenant.Admin.GetAsync(TenantRoutes.Entries);
        using var current = new HttpRequestMessage(HttpMethod.Post, TenantRoutes.KeyPairs)
        {
            Content = JsonContent.Create(new { alias = "mine", keyAlgorithm = "EC", keySize = 256 }),
        };
        current.Headers.TryAddWithoutValidation("If-Match", fresh.Headers.ETag!.Tag);
        using var accepted = await tenant.Admin.SendAsync(current);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.NotEqual(fresh.Headers.ETag.Tag, accepted.Headers.ETag?.Tag);
    }
}
