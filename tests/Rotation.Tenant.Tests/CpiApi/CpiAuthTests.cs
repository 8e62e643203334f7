using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>/api/v1's doors: HTTP Basic and client-credentials tokens, CSRF tokens bound to a session, the audit's client name.</summary>
public sealed class CpiAuthTests
{
    private static async Task<TestTenant> StartAsync(TimeProvider? time = null) => (await CpiTenant.StartAsync(time)).Tenant;

    [Fact]
    public async Task Calls_without_valid_credentials_get_401_with_an_OData_error()
    {
        await using var tenant = await StartAsync();
        foreach (var authorization in new AuthenticationHeaderValue?[]
                 {
                     null,
                     CpiClient.Basic(CpiClient.ClientId, "wrong-secret-0123456789"),
                     CpiClient.Basic("nobody", CpiClient.ClientSecret),
                     new("Bearer", "not-a-token"),
                     new("Bearer", TestTenant.Token), // the admin token is not an API credential
                 })
        {
            using var client = new CpiClient(tenant.Host.BaseAddress, authorization);
            var (status, body, response) = await client.GetAsync("/api/v1/KeystoreEntries");
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            JsonShape.AssertMatches(CpiFixtures.Error, body);
        }
    }

    [Fact]
    public async Task A_tenant_without_API_clients_refuses_every_call()
    {
        await using var tenant = await TestTenant.StartAsync();
        using var client = CpiClient.ForBasic(tenant.Host.BaseAddress);
        var (status, body, _) = await client.GetAsync("/api/v1/KeystoreEntries");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("cpi-clients", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_authentication_reads_entries()
    {
        await using var tenant = await StartAsync();
        using var client = CpiClient.ForBasic(tenant.Host.BaseAddress);
        var list = await client.GetJsonAsync("/api/v1/KeystoreEntries?keystoreName=system");
        Assert.Contains(list.GetProperty("d").GetProperty("results").EnumerateArray(), e => e.GetProperty("Alias").GetString() == "tenant-signing");
    }

    [Fact]
    public async Task The_token_endpoint_issues_bearer_tokens_that_expire()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var tenant = await StartAsync(time);
        using var oauth = new HttpClient { BaseAddress = tenant.Host.BaseAddress };

        // As SAP's examples: grant_type in the query, client credentials by Basic.
        using var byBasic = new HttpRequestMessage(HttpMethod.Post, "/oauth/token?grant_type=client_credentials");
        byBasic.Headers.Authorization = CpiClient.Basic(CpiClient.ClientId, CpiClient.ClientSecret);
        using var issued = await oauth.SendAsync(byBasic);
        var text = await issued.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        JsonShape.AssertMatches(CpiFixtures.Token, text);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(600, json.GetProperty("expires_in").GetInt32());
        var token = json.GetProperty("access_token").GetString()!;

        // As RFC 6749 also allows: everything in the form.
        using var byForm = await oauth.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = CpiClient.OtherId, ["client_secret"] = CpiClient.OtherSecret,
        }));
        Assert.Equal(HttpStatusCode.OK, byForm.StatusCode);

        using var client = new CpiClient(tenant.Host.BaseAddress, new AuthenticationHeaderValue("Bearer", token));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/KeystoreEntries")).Status);
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/KeystoreEntries")).Status);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/KeystoreEntries")).Status);
    }

    [Fact]
    public async Task The_token_endpoint_refuses_wrong_clients_and_other_grants()
    {
        await using var tenant = await StartAsync();
        using var oauth = new HttpClient { BaseAddress = tenant.Host.BaseAddress };
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/oauth/token?grant_type=client_credentials");
        wrong.Headers.Authorization = CpiClient.Basic(CpiClient.ClientId, "wrong-secret-0123456789");
        using var refused = await oauth.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        using var password = new HttpRequestMessage(HttpMethod.Post, "/oauth/token?grant_type=password");
        password.Headers.Authorization = CpiClient.Basic(CpiClient.ClientId, CpiClient.ClientSecret);
        using var unsupported = await oauth.SendAsync(password);
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);
        Assert.Equal("unsupported_grant_type", JsonDocument.Parse(await unsupported.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Modifying_calls_need_the_CSRF_token_of_the_clients_session()
    {
        await using var tenant = await StartAsync();
        await tenant.CreateKeyPairAsync("to-delete");
        var path = $"/api/v1/KeystoreEntries('{CpiClient.Hex("to-delete")}')";
        using var client = CpiClient.ForBasic(tenant.Host.BaseAddress);

        // No token at all.
        using (var response = await client.Http.DeleteAsync(path))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("Required", response.Headers.GetValues("X-CSRF-Token").Single());
            JsonShape.AssertMatches(CpiFixtures.Error, await response.Content.ReadAsStringAsync());
        }

        var token = await client.FetchCsrfAsync();
        // The token without the session's cookie.
        using (var cookieless = CpiClient.ForBasic(tenant.Host.BaseAddress))
        using (var request = new HttpRequestMessage(HttpMethod.Delete, path))
        {
            request.Headers.Add("X-CSRF-Token", token);
            using var response = await cookieless.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        // The session and token of another client.
        using (var other = new CpiClient(tenant.Host.BaseAddress, CpiClient.Basic(CpiClient.OtherId, CpiClient.OtherSecret)))
        {
            foreach (Cookie cookie in client.Cookies.GetAllCookies()) other.Cookies.Add(cookie);
            using var request = new HttpRequestMessage(HttpMethod.Delete, path);
            request.Headers.Add("X-CSRF-Token", token);
            using var response = await other.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        // A wrong token in the right session.
        using (var request = new HttpRequestMessage(HttpMethod.Delete, path))
        {
            request.Headers.Add("X-CSRF-Token", token + "x");
            using var response = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.NotNull(tenant.Host.Keystore.Current.Find("to-delete"));

        // Fetching again in the same session gives the same token; with it the call goes through.
        Assert.Equal(token, await client.FetchCsrfAsync());
        var (status, _, _) = await client.SendAsync(HttpMethod.Delete, path);
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Null(tenant.Host.Keystore.Current.Find("to-delete"));
    }

    [Fact]
    public async Task Changes_are_audited_with_the_clients_name_and_bump_the_one_generation()
    {
        await using var tenant = await StartAsync();
        await tenant.CreateKeyPairAsync("audited");
        var before = tenant.Host.State.Current.Generation;
        using var client = CpiClient.ForBasic(tenant.Host.BaseAddress);
        var (status, body, _) = await client.SendAsync(HttpMethod.Put, $"/api/v1/KeystoreEntries('{CpiClient.Hex("audited")}')?renameAlias=audited-2", CpiClient.Json("""{"Alias":null}"""));
        Assert.True(status == HttpStatusCode.NoContent, body);
        Assert.Equal(before + 1, tenant.Host.State.Current.Generation);

        var audit = await tenant.GetJsonAsync(TenantRoutes.AuditLast(5));
        var renamed = audit.EnumerateArray().Last();
        Assert.Equal("entry-renamed", renamed.GetProperty("action").GetString());
        Assert.Equal($"cpi:{CpiClient.ClientId}", renamed.GetProperty("who").GetString());
        Assert.Equal(before + 1, renamed.GetProperty("generation").GetInt64());

        // The admin API sees the same keystore: one model, two faces.
        Assert.Equal("audited-2", (await tenant.GetJsonAsync(TenantRoutes.Entry("audited-2"))).GetProperty("alias").GetString());
        var entry = await client.GetJsonAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("audited-2")}')");
        Assert.Equal($"cpi:{CpiClient.ClientId}", entry.GetProperty("d").GetProperty("LastModifiedBy").GetString());
        Assert.Equal("admin", entry.GetProperty("d").GetProperty("CreatedBy").GetString());
    }

    [Fact]
    public async Task A_CSRF_session_expires_on_the_tenants_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var tenant = await StartAsync(time);
        await tenant.CreateKeyPairAsync("kept");
        using var client = CpiClient.ForBasic(tenant.Host.BaseAddress);
        var token = await client.FetchCsrfAsync();
        time.Advance(TimeSpan.FromMinutes(31));
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/KeystoreEntries('{CpiClient.Hex("kept")}')");
        request.Headers.Add("X-CSRF-Token", token);
        using var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(tenant.Host.Keystore.Current.Find("kept"));
        // A fresh fetch opens a new session with a new token.
        Assert.NotEqual(token, await client.FetchCsrfAsync());
    }

    [Fact]
    public void Clients_are_configured_like_admin_tokens()
    {
        var parsed = Rotation.Tenant.Hosting.TenantConfiguration.FromArgs(
            ["--cpi-clients", $"{CpiClient.ClientId}={CpiClient.ClientSecret}", "--cpi-token-lifetime-seconds", "120"],
            new System.Collections.Hashtable { ["ROTATION_CPI_CLIENTS"] = "ignored=ignored-secret-0123456789" });
        Assert.Null(parsed.Problem);
        Assert.Equal(CpiClient.ClientSecret, parsed.Options!.CpiClients[CpiClient.ClientId]);
        Assert.Single(parsed.Options.CpiClients);
        Assert.Equal(TimeSpan.FromMinutes(2), parsed.Options.CpiTokenLifetime);

        var fromEnvironment = Rotation.Tenant.Hosting.TenantConfiguration.FromArgs([], new System.Collections.Hashtable { ["ROTATION_CPI_CLIENTS"] = "ops=ops-secret-0123456789" });
        Assert.Equal("ops-secret-0123456789", fromEnvironment.Options!.CpiClients["ops"]);
        Assert.NotNull(Rotation.Tenant.Hosting.TenantConfiguration.FromArgs(["--cpi-clients", "ops=short"], new System.Collections.Hashtable()).Problem);
        Assert.NotNull(Rotation.Tenant.Hosting.TenantConfiguration.FromArgs(["--cpi-token-lifetime-seconds", "0"], new System.Collections.Hashtable()).Problem);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_platform_API()
    {
        await using var tenant = await StartAsync();
        var paths = JsonDocument.Parse(await tenant.Anonymous.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/oauth/token", "/api/v1/KeystoreEntries", "/api/v1/KeystoreEntries('{hex}')", "/api/v1/KeyPairGenerationRequests", "/api/v1/KeyPairResources", "/api/v1/Keystores('{name}')/Size/$value" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");

        // Called with a client's credentials or token, not with the admin token the admin API's operations ask for.
        string[] Schemes(string path, string method) => [.. paths.GetProperty(path).GetProperty(method).GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name))];
        Assert.Equal(["CpiBasic", "CpiOAuth"], Schemes("/api/v1/KeystoreEntries", "get"));
        Assert.Equal(["CpiBasic"], Schemes("/oauth/token", "post"));
        Assert.False(paths.GetProperty("/" + TenantRoutes.Entries).GetProperty("get").TryGetProperty("security", out _));
    }
}
