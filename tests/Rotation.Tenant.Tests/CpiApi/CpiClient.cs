using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>
/// A script's view of /api/v1: its own cookie jar (the CSRF session), HTTP Basic with a client's id and secret, and
/// the platform's habit of fetching a CSRF token before each modifying call.
/// </summary>
public sealed class CpiClient : IDisposable
{
    public const string ClientId = "ci-client";
    public const string ClientSecret = "ci-client-secret-0123456789";
    public const string OtherId = "other-client";
    public const string OtherSecret = "other-client-secret-0123456789";

    public static readonly IReadOnlyDictionary<string, string> Clients = new Dictionary<string, string> { [ClientId] = ClientSecret, [OtherId] = OtherSecret };

    private string? _csrf;

    public CpiClient(Uri baseAddress, AuthenticationHeaderValue? authorization)
    {
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = authorization;
    }

    public HttpClient Http { get; }
    public CookieContainer Cookies { get; }

    public static AuthenticationHeaderValue Basic(string id, string secret) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));

    public static CpiClient ForBasic(Uri baseAddress, string id = ClientId, string secret = ClientSecret) => new(baseAddress, Basic(id, secret));

    public static string Hex(string alias) => Convert.ToHexString(Encoding.UTF8.GetBytes(alias));

    public async Task<string> FetchCsrfAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/");
        request.Headers.Add("X-CSRF-Token", "Fetch");
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _csrf = response.Headers.GetValues("X-CSRF-Token").Single();
        return _csrf;
    }

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var (status, body, response) = await GetAsync(path);
        response.Dispose();
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A modifying call with the session's CSRF token (fetched once).</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        _csrf ??= await FetchCsrfAsync();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-CSRF-Token", _csrf);
        var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public void Dispose() => Http.Dispose();
}
