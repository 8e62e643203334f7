using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rotation.Drill.Admin;

namespace Rotation.Drill.Tenants;

/// <summary>
/// One administrator's session with <c>/api/v1</c>, as scripts against the platform hold it: a cookie jar, a bearer
/// token from the client-credentials grant (fetched again when it expires) or Basic credentials, and the CSRF dance —
/// fetch the token with a GET carrying <c>X-CSRF-Token: Fetch</c>, send it on every modifying call, and on a 403 with
/// <c>X-CSRF-Token: Required</c> fetch a new one and retry once. OData error bodies become <see cref="AdminCallFailed"/>
/// with the platform's own message; refused credentials name the options to fix.
/// </summary>
public sealed class CpiConnection : IDisposable
{
    private const string CsrfHeader = "X-CSRF-Token";
    private readonly HttpClient _http;
    private readonly CpiCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _signIn = new(1, 1);
    private string? _csrf;
    private (string Token, DateTimeOffset Until)? _bearer;

    public CpiConnection(Uri tenant, CpiCredentials credentials, TimeProvider time)
    {
        ServiceRoot = new Uri(tenant, "api/v1/");
        _credentials = credentials;
        _time = time;
        _http = AdminHttp.Create(cookies: new CookieContainer());
    }

    public Uri ServiceRoot { get; }

    /// <summary>GET of an OData resource (relative to the service root), as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string resource, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, resource, null, ct);
        await EnsureSuccessAsync(response, "GET " + resource, ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).Clone();
    }

    /// <summary>GET of a resource's value (a certificate's PEM, a count) as text.</summary>
    public async Task<string> GetTextAsync(string resource, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, resource, null, ct);
        await EnsureSuccessAsync(response, "GET " + resource, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Whether a resource exists (404 is an answer, not a failure).</summary>
    public async Task<bool> ExistsAsync(string resource, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, resource, null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, "GET " + resource, ct);
        return true;
    }

    /// <summary>A modifying call (POST, PUT, DELETE) with a JSON body or none, through the CSRF dance.</summary>
    public async Task ModifyAsync(HttpMethod method, string resource, object? body, CancellationToken ct)
    {
        _csrf ??= await FetchCsrfAsync(ct);
        var response = await SendAsync(method, resource, body, ct);
        if (response.StatusCode == HttpStatusCode.Forbidden && CsrfRequired(response))
        {
            // The session ended (a restart, a timeout): one new token, one retry, as the platform's scripts do.
            response.Dispose();
            _csrf = await FetchCsrfAsync(ct);
            response = await SendAsync(method, resource, body, ct);
            if (response.StatusCode == HttpStatusCode.Forbidden && CsrfRequired(response))
            {
                response.Dispose();
                throw new AccessRefused($"tenant /api/v1: {method} {resource} was refused for want of a CSRF token even after fetching a new one " +
                    $"(403, X-CSRF-Token: Required): the tenant does not keep the drill's session (cookies) — check {_credentials.Options} and any proxy in between");
            }
        }
        using (response) await EnsureSuccessAsync(response, $"{method} {resource}", ct);
    }

    private async Task<string> FetchCsrfAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, "", null, ct, fetchCsrf: true);
        await EnsureSuccessAsync(response, "GET / (X-CSRF-Token: Fetch)", ct);
        if (!response.Headers.TryGetValues(CsrfHeader, out var values) || values.FirstOrDefault() is not { Length: > 0 } token || token.Equals("Required", StringComparison.OrdinalIgnoreCase))
            throw new AdminCallFailed($"tenant /api/v1 at {ServiceRoot} gave no CSRF token to 'X-CSRF-Token: Fetch'; the drill cannot make changes there");
        return token;
    }

    private static bool CsrfRequired(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CsrfHeader, out var values) && values.Any(v => v.Equals("Required", StringComparison.OrdinalIgnoreCase));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string resource, object? body, CancellationToken ct, bool fetchCsrf = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(ServiceRoot, resource));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = await AuthorizationAsync(ct);
        if (fetchCsrf) request.Headers.Add(CsrfHeader, "Fetch");
        else if (method != HttpMethod.Get && _csrf is not null) request.Headers.Add(CsrfHeader, _csrf);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType());
        return await _http.SendAsync(request, ct);
    }

    private async Task<AuthenticationHeaderValue> AuthorizationAsync(CancellationToken ct)
    {
        if (_credentials.TokenUrl is not { } tokenUrl)
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.Id}:{_credentials.Secret}")));
        await _signIn.WaitAsync(ct);
        try
        {
            if (_bearer is not { } bearer || bearer.Until <= _time.GetUtcNow()) _bearer = bearer = await RequestTokenAsync(tokenUrl, ct);
            return new AuthenticationHeaderValue("Bearer", bearer.Token);
        }
        finally
        {
            _signIn.Release();
        }
    }

    /// <summary>The client-credentials grant (RFC 6749 §4.4), the client authenticated with Basic as SAP's service keys expect.</summary>
    private async Task<(string, DateTimeOffset)> RequestTokenAsync(Uri tokenUrl, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.Id}:{_credentials.Secret}")));
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new AccessRefused($"tenant OAuth: {tokenUrl} refused the drill's client credentials ({(int)response.StatusCode}{OAuthError(text)}); " +
                $"give the service key's tokenurl, clientid and clientsecret with {_credentials.Options}");
        try
        {
            using var json = JsonDocument.Parse(text);
            var token = json.RootElement.GetProperty("access_token").GetString() ?? throw new KeyNotFoundException();
            var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) ? seconds : 60;
            // Fetched again a little before it expires, so no call goes out with a token about to end.
            return (token, _time.GetUtcNow().AddSeconds(Math.Max(1, lifetime * 0.9)));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new AdminCallFailed($"tenant OAuth: {tokenUrl} answered without an access_token; is --cpi-token-url the service key's tokenurl?");
        }
    }

    private static string OAuthError(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("error", out var error) ? $": {error.GetString()}" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string call, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new AccessRefused($"tenant /api/v1 at {ServiceRoot} refused the drill's credentials (401) on {call}; give them with {_credentials.Options}");
        var message = ODataMessage(text);
        if (response.StatusCode == HttpStatusCode.Forbidden)
            throw new AccessRefused($"tenant /api/v1 refused {call} (403{(message is null ? "" : ": " + message)}); the client of {_credentials.Options} " +
                "needs the roles MonitoringDataRead and SecurityMaterialEdit");
        throw new AdminCallFailed($"tenant /api/v1: {call} failed with {(int)response.StatusCode}: {message ?? text}");
    }

    /// <summary>The message of an OData V2 error body: {"error":{"code":…,"message":{"value":…}}}.</summary>
    private static string? ODataMessage(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            if (!json.RootElement.TryGetProperty("error", out var error)) return null;
            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m) ? (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.GetString()) : null;
            return code is null ? message : $"{code}: {message}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _signIn.Dispose();
    }
}
