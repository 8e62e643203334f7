using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Rotation.Shared.Contract;

namespace Rotation.Drill.Load;

/// <summary>
/// A lean HTTP client for load: the same SOAP 1.1 order request again and again (or the request a
/// <see cref="SignedLoadRequest"/> holds now), keep-alive connections, nothing parsed but the status and the signing
/// fingerprint header. It measures the tenant, not itself.
/// </summary>
public sealed class SoapLoadClient : IDisposable
{
    public static readonly byte[] Request = Encoding.UTF8.GetBytes(
        SampleOrderRequest.Envelope("LOAD-1"));

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly Func<byte[]> _request;

    /// <param name="request">The request to send each time; the plain order when null.</param>
    public SoapLoadClient(Uri endpoint, int connections, Func<byte[]>? request = null)
    {
        _endpoint = endpoint;
        _request = request ?? (() => Request);
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Sends one request; <paramref name="keep"/> receives the response body when the caller wants to look at it.</summary>
    public async Task<LoadSample> SendAsync(long due, CancellationToken ct, Action<byte[]>? keep = null)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(_request());
            content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
            message.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
            using var response = await _http.SendAsync(message, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            keep?.Invoke(body);
            var fingerprint = response.Headers.TryGetValues("X-Signing-Fingerprint", out var values) ? values.FirstOrDefault() : null;
            return new LoadSample(due, sent, Stopwatch.GetTimestamp(), response.IsSuccessStatusCode, fingerprint);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new LoadSample(due, sent, Stopwatch.GetTimestamp(), false, null);
        }
    }

    public void Dispose() => _http.Dispose();
}
