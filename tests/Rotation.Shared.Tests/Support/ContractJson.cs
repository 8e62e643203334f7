using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotation.Shared.Admin;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// Checks that an admin contract is the wire (docs/DESIGN.md §7b): the JSON a live service answers, read into the
/// contract type and written back with the admin API's settings, is the same JSON. Linked into the tenant's and the
/// sender's tests.
/// </summary>
public static class ContractJson
{
    /// <summary>One admin call as raw JSON; a failed call fails the test with the service's answer.</summary>
    public static async Task<JsonNode> CallAsync(HttpClient admin, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: AdminJson.Options);
        using var response = await admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public static void AssertRoundTrips<T>(JsonNode served)
    {
        var contract = served.Deserialize<T>(AdminJson.Options);
        var written = JsonSerializer.SerializeToNode(contract, AdminJson.Options);
        Assert.True(JsonNode.DeepEquals(served, written), $"{typeof(T).Name} does not round-trip.\nserved:  {served.ToJsonString()}\nwritten: {written?.ToJsonString()}");
    }
}
