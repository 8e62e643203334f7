using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Hosting.Problems;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Sender.Contracts;

namespace Rotation.Sender.Tests;

/// <summary>What the sender's admin API shares with the tenant's: OpenAPI document, GET /admin/audit, the problem+json contract.</summary>
[Collection(SenderCollection.Name)]
public sealed class AdminContractTests(TestKeys keys) : IDisposable
{
    private const string CiToken = "ci-token-0123456789abcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-admin-contract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(SigningTenant Tenant, SenderHost Host)> StartAsync(TrustMode mode)
    {
        var tenant = await SigningTenant.StartAsync(keys.Old);
        var host = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = _dir,
            TenantUrl = tenant.BaseAddress,
            AdminToken = "contract-admin-token",
            AdminTokens = new Dictionary<string, string> { ["ci"] = CiToken },
            TrustMode = mode,
            InitialCertificates = [TestKeys.Public(keys.Old)],
        });
        return (tenant, host);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_admin_api_and_its_bearer_token_without_authentication()
    {
        var (tenant, host) = await StartAsync(TrustMode.Overlap);
        await using var _ = tenant;
        await using var __ = host;
        using var anonymous = new HttpClient { BaseAddress = host.Address };

        using var response = await anonymous.GetAsync("openapi/v1.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { SenderRoutes.Trust, SenderRoutes.TrustCertificates, SenderRoutes.Traffic, SenderRoutes.Probe, SenderRoutes.Audit }.Select(OpenApiPath))
            Assert.Contains(path, paths);
        Assert.Contains("/health/ready", paths);
        Assert.Contains("/health/live", paths);
        Assert.Equal("live", (await anonymous.GetFromJsonAsync<JsonElement>("health/live")).GetProperty("status").GetString());
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Get_admin_audit_serves_the_trust_changes_with_who_made_them()
    {
        var (tenant, host) = await StartAsync(TrustMode.Overlap);
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();
        using var ci = host.CreateAdminClient();
        ci.DefaultRequestHeaders.Authorization = new("Bearer", CiToken);

        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>(SenderRoutes.Audit) ?? []);
        (await admin.PostAsJsonAsync(SenderRoutes.TrustCertificates, new { pem = TestKeys.Pem(keys.New) })).EnsureSuccessStatusCode();
        (await ci.DeleteAsync(SenderRoutes.TrustCertificate(keys.Old.Fingerprint))).EnsureSuccessStatusCode();

        var all = await admin.GetFromJsonAsync<JsonElement[]>(SenderRoutes.Audit) ?? [];
        var latest = await ci.GetFromJsonAsync<JsonElement[]>(SenderRoutes.AuditLast(1));

        Assert.Equal(["admin", "ci"], all.Select(r => r.GetProperty("who").GetString()));
        Assert.Equal([2L, 3L], all.Select(r => r.GetProperty("revision").GetInt64()));
        Assert.Equal([keys.New.Fingerprint], all[1].GetProperty("newFingerprints").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("ci", Assert.Single(latest!).GetProperty("who").GetString());
        // The file the endpoint reads is the one on disk, owner-only.
        Assert.Equal(2, (await File.ReadAllLinesAsync(host.Trust.AuditPath!)).Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.Trust.AuditPath!));
    }

    [Fact]
    public async Task Refusals_are_problem_json_with_type_code_and_detail_like_the_tenant()
    {
        var (tenant, host) = await StartAsync(TrustMode.Single);
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();
        using var anonymous = new HttpClient { BaseAddress = host.Address };

        await AssertProblem(await admin.DeleteAsync(SenderRoutes.TrustCertificate(keys.Old.Fingerprint)), HttpStatusCode.Conflict, "SingleModeHoldsOne");
        await AssertProblem(await admin.DeleteAsync(SenderRoutes.TrustCertificate(new string('0', 64))), HttpStatusCode.NotFound, "NotFound");
        await AssertProblem(await admin.GetAsync(SenderRoutes.AuditLast(0)), HttpStatusCode.BadRequest, "InvalidRequest");
        await AssertProblem(await admin.PostAsJsonAsync(SenderRoutes.TrustCertificates, new { pem = "not a certificate" }), HttpStatusCode.BadRequest, "InvalidRequest");
        using var unauthorized = await anonymous.GetAsync(SenderRoutes.Audit);
        Assert.Equal("Bearer", unauthorized.Headers.WwwAuthenticate.Single().Scheme);
        await AssertProblem(unauthorized, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public void Problem_details_are_capped()
    {
        var problem = AdminProblems.Create(400, "InvalidRequest", new string('x', 5_000)).ProblemDetails;

        Assert.Equal("https://rotation.example/problems/invalid-request", problem.Type);
        Assert.Equal("Invalid request", problem.Title);
        Assert.StartsWith(new string('x', AdminProblems.MaxDetailLength) + "…", problem.Detail);
        Assert.True(problem.Detail!.Length < AdminProblems.MaxDetailLength + 20);
    }

    /// <summary>
    /// How the OpenAPI document names a route: rooted, and with a path parameter as its template, so a route built with
    /// "{alias}" for the alias reads as the document's "/admin/keystore/keypairs/{alias}".
    /// </summary>
    internal static string OpenApiPath(string route) => "/" + Uri.UnescapeDataString(route);

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.StartsWith("https://rotation.example/problems/", problem.GetProperty("type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        }
    }
}
