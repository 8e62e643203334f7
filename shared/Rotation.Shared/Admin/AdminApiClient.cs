using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Rotation.Shared.Admin;

/// <summary>
/// The transport under the typed admin clients: JSON with <see cref="AdminJson"/>, the bearer token on every call, and
/// a problem+json answer turned into an <see cref="AdminProblem"/>. The caller owns the <see cref="HttpClient"/> (its
/// base address is the service's root; its handler decides connection reuse). The typed clients name the calls their
/// consumers make; any other path can be called with the shape the caller reads it as.
/// </summary>
public abstract class AdminApiClient
{
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue _authorization;

    protected AdminApiClient(HttpClient http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (http.BaseAddress is null) throw new ArgumentException("the admin client needs an HttpClient with the service's base address", nameof(http));
        _http = http;
        _authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<AdminAnswer<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, ReadJsonAsync<T>, cancellationToken);

    /// <summary>A text resource (PEM certificates, CSRs).</summary>
    public Task<AdminAnswer<string>> GetTextAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, (response, ct) => ReadTextAsync(response, ct), cancellationToken);

    public Task<AdminAnswer<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: AdminJson.Options), ReadJsonAsync<T>, cancellationToken);

    /// <summary>A call answered without a body (204).</summary>
    public Task<AdminAnswer<NoBody>> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken) =>
        SendAsync<NoBody>(method, path, null, (_, _) => Task.FromResult<(NoBody, AdminProblem?)>((default, null)), cancellationToken);

    /// <summary>A call whose body is not JSON (a SOAP envelope to verify); the answer is JSON.</summary>
    public Task<AdminAnswer<T>> PostAsync<T>(string path, HttpContent content, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, content, ReadJsonAsync<T>, cancellationToken);

    private async Task<AdminAnswer<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content,
        Func<HttpResponseMessage, CancellationToken, Task<(T? Value, AdminProblem? Problem)>> read, CancellationToken cancellationToken)
    {
        var call = $"{method} {path}";
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = _authorization;
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            return AdminAnswer<T>.Refused(call, AdminProblem.Read(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)));
        var (value, problem) = await read(response, cancellationToken).ConfigureAwait(false);
        return problem is null ? AdminAnswer<T>.Success(call, value!) : AdminAnswer<T>.Refused(call, problem);
    }

    private static async Task<(T? Value, AdminProblem? Problem)> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var value = response.Content.Headers.ContentLength == 0 ? default
            : await response.Content.ReadFromJsonAsync<T>(AdminJson.Options, cancellationToken).ConfigureAwait(false);
        return value is null ? (default, EmptyAnswer(response.StatusCode)) : (value, null);
    }

    private static async Task<(string? Value, AdminProblem? Problem)> ReadTextAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), null);

    private static AdminProblem EmptyAnswer(HttpStatusCode status) =>
        new(status, null, "Empty answer", "EmptyAnswer", "the service answered without the body the call expects");
}
