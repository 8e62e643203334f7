using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>An admin API client with its bearer token; answers read as JSON without binding to a project's types.</summary>
public sealed class AdminHttp(Uri baseAddress, string token) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public HttpClient Http => _http;

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        return await ReadAsync(response, ct);
    }

    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    public async Task<JsonElement> PostJsonAsync(string path, object? body, CancellationToken ct)
    {
        using var response = body is null ? await _http.PostAsync(path, null, ct) : await _http.PostAsJsonAsync(path, body, ct);
        return await ReadAsync(response, ct);
    }

    public async Task<JsonElement> PutJsonAsync(string path, object body, CancellationToken ct)
    {
        using var response = await _http.PutAsJsonAsync(path, body, ct);
        return await ReadAsync(response, ct);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
