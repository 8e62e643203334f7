using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotation.Drill.Admin;

/// <summary>JSON over one admin API with its bearer token; a problem+json answer becomes an <see cref="AdminCallFailed"/> carrying its detail.</summary>
public abstract class AdminClient : IDisposable
{
    public static JsonSerializerOptions Json { get; } = CreateJson();

    protected AdminClient(Uri baseAddress, string token, string name, string tokenSource)
    {
        Name = name;
        TokenSource = tokenSource;
        BaseAddress = baseAddress;
        Http = AdminHttp.Create(baseAddress);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string Name { get; }
    /// <summary>Where the drill's token for this service comes from: what to fix when the service refuses it.</summary>
    public string TokenSource { get; }
    public Uri BaseAddress { get; }
    protected HttpClient Http { get; }

    protected async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        await ReadAsync<T>(await Http.GetAsync(path, cancellationToken), "GET " + path, cancellationToken);

    protected async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, "GET " + path, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    protected async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        return await ReadAsync<T>(await Http.SendAsync(request, cancellationToken), $"{method} {path}", cancellationToken);
    }

    /// <summary>A call answered without a body (204).</summary>
    protected async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await Http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"{method} {path}", cancellationToken);
    }

    /// <summary>A resource the service may not have: null when it answers 404.</summary>
    protected async Task<T?> GetOptionalAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        var response = await Http.GetAsync(path, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound) return await ReadAsync<T>(response, "GET " + path, cancellationToken);
        response.Dispose();
        return null;
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        using (response)
        {
            await EnsureSuccessAsync(response, call, cancellationToken);
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new AdminCallFailed($"{Name}: {call} answered with an empty body");
        }
    }

    protected async Task EnsureSuccessAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            throw new AccessRefused($"{Name}: the admin API at {BaseAddress} refused the drill's token ({(int)response.StatusCode}); give the {Name}'s admin token with {TokenSource}");
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string detail = text;
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.TryGetProperty("detail", out var d) && d.GetString() is { } s) detail = s;
            else if (problem.RootElement.TryGetProperty("title", out var t) && t.GetString() is { } title) detail = title;
        }
        catch (JsonException)
        {
            // not problem+json: the raw text is the best detail there is
        }
        throw new AdminCallFailed($"{Name}: {call} failed with {(int)response.StatusCode}: {detail}");
    }

    public void Dispose()
    {
        Http.Dispose();
        GC.SuppressFinalize(this);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}

/// <summary>An admin call the drill needed did not succeed.</summary>
public class AdminCallFailed(string message) : Exception(message);

/// <summary>
/// The service refused the drill itself (its token or credentials, or its CSRF session): no step can succeed, so the drill
/// stops (exit 3) with a message naming the options to fix, instead of recording one failed step after another.
/// </summary>
public sealed class AccessRefused(string message) : AdminCallFailed(message);
