using System.Net;
using System.Text;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Support;

/// <summary>What every hostile-input test checks afterwards: the tenant still signs, and memory did not run away.</summary>
public static class Hostile
{
    /// <summary>Generous: a leak of one 100 MB body would still exceed it.</summary>
    public const long MemoryBound = 96L * 1024 * 1024;

    public static long ManagedMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static void AssertBounded(long before, string what)
    {
        var after = ManagedMemory();
        Assert.True(after - before < MemoryBound, $"{what}: managed memory grew by {(after - before) / (1024 * 1024)} MB");
    }

    /// <summary>A normal request still gets a signed 200 that verifies with the alias certificate.</summary>
    public static async Task AssertStillServesAsync(TestTenant tenant, string alias = "tenant-signing")
    {
        var certificate = await tenant.CertificateAsync(alias);
        foreach (var version in new[] { SoapVersion.Soap11, SoapVersion.Soap12 })
        {
            var (status, body, response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, version, Soap.Envelope(version, "after-hostile"));
            response.Dispose();
            Assert.True(status == 200, $"normal {version} request after hostile input: HTTP {status} {Encoding.UTF8.GetString(body)}");
            var result = Soap.Verify(body, certificate);
            Assert.True(result.IsValid, result.ToString());
        }
        Assert.Equal("Healthy", await tenant.Anonymous.GetStringAsync("/health/ready"));
    }

    /// <summary>An error answer: no stack trace, no internal type names, no echo of megabytes.</summary>
    public static void AssertCleanError(string text, int maxLength = 16 * 1024)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.True(text.Length <= maxLength, $"the error answer is {text.Length} characters long");
    }
}

/// <summary>A request body written in chunks as it is sent: the test never holds it in memory.</summary>
public sealed class StreamedBody(byte[] prefix, byte filler, long totalLength, bool announceLength, string contentType) : HttpContent
{
    private const int ChunkSize = 64 * 1024;

    public long Written { get; private set; }

    public StreamedBody Init()
    {
        Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return this;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(prefix);
        Written = prefix.Length;
        var chunk = new byte[ChunkSize];
        Array.Fill(chunk, filler);
        while (Written < totalLength)
        {
            var size = (int)Math.Min(ChunkSize, totalLength - Written);
            await stream.WriteAsync(chunk.AsMemory(0, size));
            Written += size;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = totalLength;
        return announceLength;
    }
}

/// <summary>An HTTP/1.1 POST written by hand: the answer is read concurrently with a body that may never finish.</summary>
public static class RawPost
{
    public static async Task<(int Status, string Text, long Sent)> SendAsync(Uri endpoint, string contentType, string soapAction, byte[] prefix, byte filler, long totalLength, bool announceLength)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
        var stream = tcp.GetStream();
        var head = $"POST {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nContent-Type: {contentType}\r\nSOAPAction: \"{soapAction}\"\r\n"
            + (announceLength ? $"Content-Length: {totalLength}\r\n" : "Transfer-Encoding: chunked\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        long sent = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var writer = Task.Run(async () =>
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, filler);
            try
            {
                var first = true;
                while (Interlocked.Read(ref sent) < totalLength && !stop.IsCancellationRequested)
                {
                    var data = first ? prefix : chunk.AsMemory(0, (int)Math.Min(chunk.Length, totalLength - Interlocked.Read(ref sent)));
                    first = false;
                    if (!announceLength) await stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:X}\r\n"), stop.Token);
                    await stream.WriteAsync(data, stop.Token);
                    if (!announceLength) await stream.WriteAsync("\r\n"u8.ToArray(), stop.Token);
                    Interlocked.Add(ref sent, data.Length);
                }
                if (!announceLength) await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                // The server answered and closed: stop sending.
            }
        });

        var response = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int? status = null;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, stop.Token);
                if (read == 0) break;
                response.Write(buffer, 0, read);
                if (ResponseComplete(response.ToArray(), out status)) break;
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException) { }
        await stop.CancelAsync();
        tcp.Close();
        await writer;
        var text = Encoding.UTF8.GetString(response.ToArray());
        ResponseComplete(response.ToArray(), out status);
        return (status ?? -1, text, Interlocked.Read(ref sent));
    }

    private static bool ResponseComplete(byte[] bytes, out int? status)
    {
        status = null;
        var text = Encoding.ASCII.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var lines = text[..end].Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length > 1 && int.TryParse(parts[1], out var code)) status = code;
        var length = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => (long?)long.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        return length is { } l && bytes.Length - (end + 4) >= l;
    }
}
