using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>/health/live answers like the sender's: unauthenticated, 200 {"status":"live"}, listed in the OpenAPI document.</summary>
public sealed class LivenessTests
{
    [Fact]
    public async Task Live_needs_no_token_and_answers_like_the_sender()
    {
        await using var tenant = await TestTenant.StartAsync(o => o with { InitialKeyAlgorithm = KeyAlgorithm.EcP256 });

        using var live = await tenant.Anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("live", (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var openApi = await tenant.Anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/health/live", out _));
    }
}
