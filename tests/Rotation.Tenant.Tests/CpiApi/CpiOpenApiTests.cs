using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>/openapi/cpi.json: a valid OpenAPI document of the platform API alone, every resource of docs/DESIGN.md §9 listed.</summary>
public sealed class CpiOpenApiTests
{
    private static readonly string[] Resources =
    [
        "/oauth/token", "/api/v1", "/api/v1/KeystoreEntries", "/api/v1/KeystoreEntries('{hex}')", "/api/v1/KeystoreEntries('{hex}')/Certificate/$value",
        "/api/v1/KeystoreEntries('{hex}')/SigningRequest/$value", "/api/v1/KeystoreEntries('{hex}')/ChainCertificates", "/api/v1/KeyPairGenerationRequests",
        "/api/v1/KeyPairResources", "/api/v1/CertificateResources('{hex}')/$value", "/api/v1/Keystores('{name}')", "/api/v1/Keystores('{name}')/Size/$value",
        "/api/v1/HistoryKeystoreEntries", "/api/v1/HistoryKeystoreEntries('{hex}')",
        "/api/v1/KeystoreResources", "/api/v1/KeystoreResources('{name}')",
    ];

    [Fact]
    public async Task The_platform_API_has_a_valid_document_of_its_own_listing_every_resource_and_nothing_of_the_admin_API()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var json = await cpi.Tenant.Anonymous.GetStringAsync("/openapi/cpi.json");

        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json);
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        var document = Assert.IsType<OpenApiDocument>(read.Document);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);

        var paths = document.Paths.Keys.ToList();
        foreach (var resource in Resources) Assert.True(paths.Contains(resource), $"{resource} is not in /openapi/cpi.json: {string.Join(", ", paths)}");
        Assert.DoesNotContain(paths, p => p.StartsWith("/admin", StringComparison.Ordinal) || p.StartsWith("/cxf", StringComparison.Ordinal));
        Assert.Contains("Security Content API", document.Info.Title, StringComparison.Ordinal);

        // Every operation says how it is called: a client's Basic credentials or a bearer token from /oauth/token.
        var raw = JsonDocument.Parse(json).RootElement;
        Assert.Equal("basic", raw.GetProperty("components").GetProperty("securitySchemes").GetProperty("CpiBasic").GetProperty("scheme").GetString());
        foreach (var path in raw.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                Assert.True(operation.Value.TryGetProperty("security", out _), $"{operation.Name} {path.Name} declares no security");
    }
}
