using System.Text;
using Rotation.Drill.Admin;
using Rotation.Shared.Contract;

namespace Rotation.Drill.Tenants;

/// <summary>Calls the integration flow once, as the sender would, and keeps the raw response (a sample for the report).</summary>
public sealed class FlowCaller(Uri endpoint) : IDisposable
{
    private readonly HttpClient _flow = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri Endpoint => endpoint;

    /// <param name="header">A request header and its value (the tenant's dynamic alias), or null for the flow as configured.</param>
    public async Task<byte[]> CallAsync((string Name, string Value)? header, CancellationToken ct)
    {
        var envelope =
            SampleOrderRequest.Envelope("DRILL-CHECK");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
        if (header is { } h) request.Headers.Add(h.Name, h.Value);
        using var response = await _flow.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new AdminCallFailed($"the flow at {endpoint} answered {(int)response.StatusCode}{(header is { } x ? $" to a call signed with '{x.Value}'" : "")}");
        return bytes;
    }

    public void Dispose() => _flow.Dispose();
}
