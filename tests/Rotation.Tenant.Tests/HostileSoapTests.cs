using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Rotation.Shared.Certificates;
using Rotation.Shared.Contract;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// Hostile input to /cxf/orders: each answered with a clear error (a SOAP fault or a 4xx, never a stack trace),
/// quickly, with the tenant still signing normal requests afterwards and memory bounded.
/// </summary>
public sealed class HostileSoapTests(HostileSoapTests.Fixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<HostileSoapTests.Fixture>
{
    private const string Soap11Ns = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Soap12Ns = "http://www.w3.org/2003/05/soap-envelope";

    private readonly TestTenant _tenant = fixture.Tenant;

    public sealed class Fixture : IAsyncLifetime
    {
        public TestTenant Tenant { get; private set; } = null!;

        public async Task InitializeAsync() => Tenant = await TestTenant.StartAsync(o => o with { InitialKeyAlgorithm = KeyAlgorithm.EcP256 });

        public async Task DisposeAsync() => await Tenant.DisposeAsync();
    }

    public static TheoryData<string, string> MalformedBodies() => new()
    {
        { "unclosed elements", $"<s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body><SubmitOrder xmlns=\"{OrderContract.Namespace}\"><request>" },
        { "mismatched tags", $"<s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body></s:Header></s:Envelope>" },
        { "not xml at all", "hello, I am not a SOAP message" },
        { "empty body", "" },
        { "two roots", $"<s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body/></s:Envelope><s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body/></s:Envelope>" },
        { "undeclared prefix", "<s:Envelope><s:Body><x/></s:Body></s:Envelope>" },
        { "not an envelope", $"<Order xmlns=\"{OrderContract.Namespace}\"><OrderId>1</OrderId></Order>" },
        { "envelope without body", $"<s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Header/></s:Envelope>" },
        { "unknown operation", $"<s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body><DropTables xmlns=\"urn:evil\"/></s:Body></s:Envelope>" },
        { "wrong types", Soap.Envelope(SoapVersion.Soap11, "x").Replace("<Quantity>3</Quantity>", "<Quantity>three</Quantity>", StringComparison.Ordinal) },
        { "control character", Soap.Envelope(SoapVersion.Soap11, "a\u0001b") },
        { "external entity", $"<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body><SubmitOrder xmlns=\"{OrderContract.Namespace}\"><request><OrderId>&xxe;</OrderId></request></SubmitOrder></s:Body></s:Envelope>" },
        { "processing instruction bomb", $"<?xml version=\"1.0\"?>{string.Concat(Enumerable.Repeat("<?pi x?>", 10_000))}<s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body/></s:Envelope>" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_xml_gets_a_fault_not_a_stack_trace(string name, string body)
    {
        var (status, bytes, response) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, body);
        response.Dispose();
        var text = Encoding.UTF8.GetString(bytes);
        output.WriteLine($"{name}: HTTP {status} {text[..Math.Min(400, text.Length)]}");
        AssertFaultOr4xx(status, text, name);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
        await Hostile.AssertStillServesAsync(_tenant);
    }

    [Fact]
    public async Task Invalid_utf8_bytes_get_a_fault()
    {
        var valid = Encoding.UTF8.GetBytes(Soap.Envelope(SoapVersion.Soap11, "INVALID"));
        var at = valid.AsSpan().IndexOf("INVALID"u8);
        foreach (var bad in new byte[][] { [0xC3, 0x28], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82] })
        {
            var body = valid[..at].Concat(bad).Concat(valid[(at + 7)..]).ToArray();
            using var request = new HttpRequestMessage(HttpMethod.Post, _tenant.Endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
            request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
            using var response = await _tenant.Anonymous.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{Convert.ToHexString(bad)}: HTTP {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"{Convert.ToHexString(bad)}: HTTP {(int)response.StatusCode} {text}");
            AssertFaultOr4xx((int)response.StatusCode, text, Convert.ToHexString(bad));
            Assert.Contains("UTF-8", text, StringComparison.Ordinal);
            await AssertSignedAsync(await response.Content.ReadAsByteArrayAsync());
        }
        await Hostile.AssertStillServesAsync(_tenant);
    }

    [Fact]
    public async Task Deep_nesting_gets_a_fault_and_no_stack_overflow()
    {
        var before = Hostile.ManagedMemory();
        foreach (var depth in new[] { 1_000, 100_000 })
        foreach (var inBody in new[] { true, false })
        {
            var nested = new StringBuilder(depth * 8);
            for (var i = 0; i < depth; i++) nested.Append("<a>");
            for (var i = 0; i < depth; i++) nested.Append("</a>");
            // Inside the operation element (what the serializer reads) and inside a header (what SoapCore reads first).
            var body = inBody
                ? $"<s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body><SubmitOrder xmlns=\"{OrderContract.Namespace}\"><request><OrderId>{nested}</OrderId></request></SubmitOrder></s:Body></s:Envelope>"
                : Soap.Envelope(SoapVersion.Soap11, "deep", header: nested.ToString());
            var watch = Stopwatch.StartNew();
            var (status, bytes, response) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, body);
            response.Dispose();
            var text = Encoding.UTF8.GetString(bytes);
            output.WriteLine($"depth {depth} in {(inBody ? "body" : "header")}: HTTP {status} in {watch.ElapsedMilliseconds} ms {text[..Math.Min(300, text.Length)]}");
            // Refused before SoapCore builds a document (100,000 levels used to cost ~19 s of CPU there).
            Assert.True(status == 400, $"depth {depth}: HTTP {status} {text}");
            Assert.Contains("nests deeper", text, StringComparison.Ordinal);
            await AssertSignedAsync(bytes);
            AssertFaultOr4xx(status, text, $"depth {depth}");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"depth {depth} took {watch.Elapsed}");
        }
        await Hostile.AssertStillServesAsync(_tenant);
        Hostile.AssertBounded(before, "deep nesting");
    }

    [Fact]
    public async Task Entity_expansion_is_refused_quickly()
    {
        var dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY lol \"lol\">");
        dtd.Append("<!ENTITY lol1 \"").Append(string.Concat(Enumerable.Repeat("&lol;", 10))).Append("\">");
        for (var i = 2; i <= 9; i++) dtd.Append($"<!ENTITY lol{i} \"").Append(string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))).Append("\">");
        dtd.Append("]>");
        var before = Hostile.ManagedMemory();
        foreach (var version in new[] { SoapVersion.Soap11, SoapVersion.Soap12 })
        {
            var ns = version == SoapVersion.Soap11 ? Soap11Ns : Soap12Ns;
            var body = $"{dtd}<s:Envelope xmlns:s=\"{ns}\"><s:Body><SubmitOrder xmlns=\"{OrderContract.Namespace}\"><request><OrderId>&lol9;</OrderId><CustomerId>c</CustomerId><Currency>EUR</Currency></request></SubmitOrder></s:Body></s:Envelope>";
            var watch = Stopwatch.StartNew();
            var (status, bytes, response) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, version, body);
            response.Dispose();
            var text = Encoding.UTF8.GetString(bytes);
            output.WriteLine($"billion laughs {version}: HTTP {status} in {watch.ElapsedMilliseconds} ms {text[..Math.Min(300, text.Length)]}");
            Assert.True(status == 400, $"HTTP {status} {text}");
            Assert.Contains("DTD", text, StringComparison.Ordinal);
            await AssertSignedAsync(bytes);
            AssertFaultOr4xx(status, text, "billion laughs");
            Assert.DoesNotContain("lollollol", text, StringComparison.Ordinal);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"entity expansion took {watch.Elapsed}");
        }
        await Hostile.AssertStillServesAsync(_tenant);
        Hostile.AssertBounded(before, "entity expansion");
    }

    /// <summary>
    /// Over a raw socket, so that the answer is read while the body is still being sent (HttpClient gives up
    /// with "error while copying content" when the server answers early and closes).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_100_MB_body_is_refused_quickly_with_413_without_buffering_it(bool announceLength)
    {
        const long size = 100L * 1024 * 1024;
        var before = Hostile.ManagedMemory();
        var watch = Stopwatch.StartNew();
        var (status, text, sent) = await RawPost.SendAsync(_tenant.Endpoint, "text/xml; charset=utf-8", OrderContract.SubmitOrderAction,
            Encoding.UTF8.GetBytes($"<s:Envelope xmlns:s=\"{Soap11Ns}\"><s:Body><SubmitOrder xmlns=\"{OrderContract.Namespace}\"><request><OrderId>"),
            (byte)'a', size, announceLength);
        output.WriteLine($"100 MB ({(announceLength ? "Content-Length" : "chunked")}): HTTP {status} after {sent / (1024 * 1024)} MB sent, {watch.ElapsedMilliseconds} ms: {text[..Math.Min(400, text.Length)]}");
        Assert.Equal(413, status);
        Assert.Contains("Fault>", text, StringComparison.Ordinal);
        Hostile.AssertCleanError(text);
        Assert.True(sent < size, "the whole 100 MB was accepted");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        await Hostile.AssertStillServesAsync(_tenant);
        Hostile.AssertBounded(before, "100 MB body");
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData(null)]
    [InlineData("multipart/form-data; boundary=xyz")]
    [InlineData("text/xml; charset=utf-32")]
    [InlineData("text/xml; charset=no-such-charset")]
    public async Task Wrong_content_types_get_a_clear_error(string? contentType)
    {
        foreach (var body in new[] { Soap.Envelope(SoapVersion.Soap11, "ct"), "{\"orderId\":\"1\"}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _tenant.Endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
            request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
            using var response = await _tenant.Anonymous.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{contentType ?? "(none)"} {body[..10]}: HTTP {(int)response.StatusCode} {response.Content.Headers.ContentType} {text[..Math.Min(300, text.Length)]}");
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.UnsupportedMediaType, $"{contentType}: HTTP {(int)response.StatusCode} {text}");
            await AssertSignedAsync(await response.Content.ReadAsByteArrayAsync());
            Assert.Contains("Fault>", text, StringComparison.Ordinal);
            AssertFaultOr4xx((int)response.StatusCode, text, contentType ?? "no content type");
        }
        await Hostile.AssertStillServesAsync(_tenant);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, "application/soap+xml; charset=utf-8")]
    [InlineData(SoapVersion.Soap12, "text/xml; charset=utf-8")]
    public async Task Soap_version_mismatch_gets_a_fault(SoapVersion envelope, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _tenant.Endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Soap.Envelope(envelope, "mismatch"))) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
        using var response = await _tenant.Anonymous.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{envelope} as {contentType}: HTTP {(int)response.StatusCode} {text[..Math.Min(500, text.Length)]}");
        AssertFaultOr4xx((int)response.StatusCode, text, $"{envelope} as {contentType}");
        await Hostile.AssertStillServesAsync(_tenant);
    }

    /// <summary>Refusals are signed like every other response: a sender can tell the tenant's fault from a forged one.</summary>
    private async Task AssertSignedAsync(byte[] envelope)
    {
        var result = Soap.Verify(envelope, await _tenant.CertificateAsync("tenant-signing"));
        Assert.True(result.IsValid, result.ToString());
    }

    /// <summary>A SOAP fault (any 4xx/5xx with a Fault element) or a plain 4xx; never a success, never a stack trace.</summary>
    private static void AssertFaultOr4xx(int status, string text, string what, bool allowSuccess = false)
    {
        if (allowSuccess && status == 200) return;
        Assert.True(status is >= 400 and < 500 || (status >= 500 && text.Contains("Fault>", StringComparison.Ordinal)), $"{what}: HTTP {status} {text}");
        Hostile.AssertCleanError(text);
    }
}
