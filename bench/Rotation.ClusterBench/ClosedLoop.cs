using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Rotation.Shared.Contract;

namespace Rotation.ClusterBench;

/// <summary>Signed SOAP exchanges from a fixed number of clients back to back for a while: responses per second, failures refused.</summary>
internal static class ClosedLoop
{
    private static readonly byte[] Order = Encoding.UTF8.GetBytes(
        SampleOrderRequest.Envelope("bench"));

    public static async Task<double> RunAsync(Uri endpoint, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        long answered = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Order) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
                request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
                using var response = await http.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{endpoint} answered {(int)response.StatusCode}");
                Interlocked.Increment(ref answered);
            }
        }, cancellationToken)));
        return answered / clock.Elapsed.TotalSeconds;
    }
}
