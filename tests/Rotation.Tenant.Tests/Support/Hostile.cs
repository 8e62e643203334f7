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
