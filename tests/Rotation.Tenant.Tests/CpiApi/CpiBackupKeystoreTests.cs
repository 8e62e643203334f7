using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>
/// The backup keystore <c>backup_admin_system</c> (CPI-API.md, "Keystore names" and <c>KeystoreResources</c>;
/// docs/DESIGN.md §9): made with <c>POST /KeystoreResources</c> {"Name":"backup_admin_system"}, listed with
/// <c>KeystoreEntries?keystoreName=backup_admin_system</c> and <c>Keystores('backup_admin_system')</c>, restored with
/// <c>PUT /KeystoreResources('system')?retrieveBackup=backup_admin_system</c>, against CPI-API.md's shapes.
/// </summary>
public sealed class CpiBackupKeystoreTests
{
    private const string Backup = CpiFixtures.BackupKeystore;

    private static Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> BackUpAsync(CpiClient client, string query = "") =>
        client.SendAsync(HttpMethod.Post, "/api/v1/KeystoreResources" + query, CpiClient.Json($$"""{"Name":"{{Backup}}"}"""));

    private static Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> RestoreAsync(CpiClient client, string importOption, string body = "{}") =>
        client.SendAsync(HttpMethod.Put, $"/api/v1/KeystoreResources('system')?retrieveBackup={Backup}&importOption={importOption}", CpiClient.Json(body));

    private static IEnumerable<string> Aliases(JsonElement answer) =>
        answer.GetProperty("d").GetProperty("results").EnumerateArray().Select(e => e.GetProperty("Alias").GetString()!).Order(StringComparer.Ordinal);

    [Fact]
    public async Task A_backup_copies_the_tenant_keystore_and_is_listed_in_the_platforms_shapes()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        await tenant.CreateKeyPairAsync("spare");
        // No backup yet: the keystore exists and is empty.
        JsonShape.AssertMatches(CpiFixtures.Empty, (await client.GetAsync($"/api/v1/KeystoreEntries?keystoreName={Backup}")).Body);
        Assert.Equal("0", (await client.GetAsync($"/api/v1/Keystores('{Backup}')/Size/$value")).Body);

        var made = await BackUpAsync(client);

        Assert.True(made.Status == HttpStatusCode.Created, made.Body);
        JsonShape.AssertMatches(CpiFixtures.Many(CpiFixtures.KeystoreEntry("Key Pair")), made.Body);
        var listed = await client.GetAsync($"/api/v1/KeystoreEntries?keystoreName={Backup}");
        JsonShape.AssertMatches(CpiFixtures.Many(CpiFixtures.KeystoreEntry("Key Pair")), listed.Body);
        Assert.Equal(["spare", "tenant-signing"], Aliases(JsonDocument.Parse(listed.Body).RootElement));
        var signing = JsonDocument.Parse(listed.Body).RootElement.GetProperty("d").GetProperty("results").EnumerateArray().Single(e => e.GetProperty("Alias").GetString() == "tenant-signing");
        Assert.Equal(tenant.Host.Keystore.Current.Find("tenant-signing")!.Fingerprint, signing.GetProperty("FingerprintSha256").GetString());

        var keystore = await client.GetAsync($"/api/v1/Keystores('{Backup}')?$expand=Entries");
        JsonShape.AssertMatches(CpiFixtures.Keystore("""{"results":[""" + CpiFixtures.KeystoreEntry("Key Pair") + "]}", Backup), keystore.Body);
        var properties = JsonDocument.Parse(keystore.Body).RootElement.GetProperty("d");
        Assert.Equal(2, properties.GetProperty("Size").GetInt32());
        Assert.Equal($"cpi:{CpiClient.ClientId}", properties.GetProperty("LastModifiedBy").GetString());
        JsonShape.AssertMatches(CpiFixtures.Keystore(CpiFixtures.Deferred, Backup), (await client.GetAsync($"/api/v1/Keystores('{Backup}')")).Body);
        Assert.Equal("2", (await client.GetAsync($"/api/v1/Keystores('{Backup}')/Size/$value")).Body);

        // One entry and its certificate, from the backup.
        var one = await client.GetAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("spare")}')?keystoreName={Backup}");
        JsonShape.AssertMatches(CpiFixtures.One(CpiFixtures.KeystoreEntry("Key Pair")), one.Body);
        var pem = (await client.GetAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("spare")}')/Certificate/$value?keystoreName={Backup}")).Body;
        Assert.Equal((await tenant.CertificateAsync("spare")).Thumbprint, X509Certificate2.CreateFromPem(pem).Thumbprint);
        Assert.DoesNotContain("PRIVATE KEY", pem, StringComparison.Ordinal);

        // Audited as the client, and a change of the tenant state (the admin API's ETag moves).
        var audit = await tenant.GetJsonAsync(TenantRoutes.Audit);
        Assert.Contains(audit.EnumerateArray(), r => r.GetProperty("action").GetString() == "keystore-backed-up" && r.GetProperty("who").GetString() == $"cpi:{CpiClient.ClientId}");
    }

    [Fact]
    public async Task A_new_backup_replaces_the_previous_one()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        await tenant.CreateKeyPairAsync("first");
        Assert.Equal(HttpStatusCode.Created, (await BackUpAsync(client)).Status);
        await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Rename("first"), new { newAlias = "second" });

        Assert.Equal(HttpStatusCode.Created, (await BackUpAsync(client, "?importOption=overwrite")).Status);

        Assert.Equal(["second", "tenant-signing"], Aliases(await client.GetJsonAsync($"/api/v1/KeystoreEntries?keystoreName={Backup}")));
    }

    [Fact]
    public async Task Restore_overwrite_puts_the_backed_up_key_pair_back_and_keeps_the_replaced_one_in_the_key_history()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var original = await tenant.CertificateAsync("tenant-signing");
        Assert.Equal(HttpStatusCode.Created, (await BackUpAsync(client)).Status);
        await tenant.CreateKeyPairAsync("next");
        await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        var exchanged = await tenant.CertificateAsync("tenant-signing");
        await tenant.CreateKeyPairAsync("later");
        var generation = tenant.Host.State.Current.Generation;

        var restored = await RestoreAsync(client, "overwrite");

        Assert.True(restored.Status == HttpStatusCode.OK, restored.Body);
        JsonShape.AssertMatches(CpiFixtures.Many(CpiFixtures.KeystoreEntry("Key Pair")), restored.Body);
        // Overwrite: the backed-up entry is back under its alias, the entry made since stays.
        Assert.Equal(["later", "tenant-signing"], Aliases(JsonDocument.Parse(restored.Body).RootElement));
        Assert.Equal(original.Thumbprint, (await tenant.CertificateAsync("tenant-signing")).Thumbprint);
        Assert.Equal(generation + 1, tenant.Host.State.Current.Generation);
        // The flow signs with the restored key pair at once.
        var (status, envelope, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after-restore"));
        Assert.Equal(200, status);
        Assert.True(Soap.Verify(envelope, original).IsValid);
        // Nothing lost: the key pair the restore took away is in the key history, as after an exchange.
        var history = await client.GetJsonAsync("/api/v1/HistoryKeystoreEntries");
        Assert.Contains(history.GetProperty("d").GetProperty("results").EnumerateArray(), h => h.GetProperty("FingerprintSha256").GetString() == Rotation.Shared.Certificates.CertificateInfo.Fingerprint(exchanged));
    }

    [Fact]
    public async Task Restore_replace_leaves_only_the_backed_up_entries_and_Aliases_restores_some()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        await tenant.CreateKeyPairAsync("kept");
        await tenant.CreateKeyPairAsync("only-some");
        Assert.Equal(HttpStatusCode.Created, (await BackUpAsync(client)).Status);
        await client.SendAsync(HttpMethod.Delete, $"/api/v1/KeystoreEntries('{CpiClient.Hex("kept")}')");
        await client.SendAsync(HttpMethod.Delete, $"/api/v1/KeystoreEntries('{CpiClient.Hex("only-some")}')");
        await tenant.CreateKeyPairAsync("made-since");

        var some = await RestoreAsync(client, "overwrite", """{"Aliases":"only-some"}""");
        Assert.True(some.Status == HttpStatusCode.OK, some.Body);
        Assert.Equal(["made-since", "only-some", "tenant-signing"], Aliases(JsonDocument.Parse(some.Body).RootElement));

        var replaced = await RestoreAsync(client, "replace");
        Assert.True(replaced.Status == HttpStatusCode.OK, replaced.Body);
        Assert.Equal(["kept", "only-some", "tenant-signing"], Aliases(JsonDocument.Parse(replaced.Body).RootElement));
        Assert.Null(tenant.Host.Keystore.Current.Find("made-since"));
        // The key pair made since the backup was not thrown away: it is in the key history.
        Assert.Contains(tenant.Host.Keystore.Current.History, h => h.Alias == "made-since");
    }

    [Fact]
    public async Task Refusals_are_OData_errors_and_change_nothing()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var generation = tenant.Host.State.Current.Generation;

        CpiFixtures.AssertError(HttpStatusCode.Conflict, await RestoreAsync(client, "overwrite"));
        CpiFixtures.AssertError(HttpStatusCode.BadRequest, await BackUpAsync(client, "?importOption=merge"));
        CpiFixtures.AssertError(HttpStatusCode.BadRequest, await client.SendAsync(HttpMethod.Post, "/api/v1/KeystoreResources", CpiClient.Json("""{"Name":"elsewhere"}""")));
        CpiFixtures.AssertError(HttpStatusCode.BadRequest, await client.SendAsync(HttpMethod.Post, "/api/v1/KeystoreResources",
            CpiClient.Json($$"""{"Name":"{{Backup}}","Resource":"AAAA","Password":"x"}""")));
        CpiFixtures.AssertError(HttpStatusCode.NotImplemented, await client.SendAsync(HttpMethod.Post, "/api/v1/KeystoreResources", CpiClient.Json("""{"Name":"system","Resource":"AAAA"}""")));
        CpiFixtures.AssertError(HttpStatusCode.BadRequest, await client.SendAsync(HttpMethod.Post, "/api/v1/KeystoreResources", CpiClient.Json("not json")));
        Assert.Equal(generation, tenant.Host.State.Current.Generation);

        Assert.Equal(HttpStatusCode.Created, (await BackUpAsync(client)).Status);
        CpiFixtures.AssertError(HttpStatusCode.BadRequest, await RestoreAsync(client, "merge"));
        CpiFixtures.AssertError(HttpStatusCode.NotFound, await RestoreAsync(client, "overwrite", """{"Aliases":"not-backed-up"}"""));
        CpiFixtures.AssertError(HttpStatusCode.BadRequest, await client.SendAsync(HttpMethod.Put, "/api/v1/KeystoreResources('system')", CpiClient.Json("{}")));
        CpiFixtures.AssertError(HttpStatusCode.NotFound, await client.SendAsync(HttpMethod.Put, $"/api/v1/KeystoreResources('{Backup}')?retrieveBackup={Backup}", CpiClient.Json("{}")));
        CpiFixtures.AssertError(HttpStatusCode.NotFound, await client.GetAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("nothing")}')?keystoreName={Backup}"));
        Assert.Equal(generation + 1, tenant.Host.State.Current.Generation);
    }

    [Fact]
    public async Task Backup_and_restore_need_the_CSRF_token_and_credentials()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;

        using (var noToken = new HttpRequestMessage(HttpMethod.Post, "/api/v1/KeystoreResources") { Content = CpiClient.Json($$"""{"Name":"{{Backup}}"}""") })
        using (var refused = await client.Http.SendAsync(noToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Required", refused.Headers.GetValues("X-CSRF-Token").Single());
        }
        using var anonymous = new CpiClient(tenant.Host.BaseAddress, null);
        using (var refused = await anonymous.Http.GetAsync($"/api/v1/Keystores('{Backup}')"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(tenant.Host.Keystore.Current.Backup.Exists);
    }
}
