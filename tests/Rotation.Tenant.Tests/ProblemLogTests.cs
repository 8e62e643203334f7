using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// What the tenant's log shows for requests a client can send at will (malformed, refused, failing by the rehearsal
/// setting): one line each, no stack trace, and no more than the rate limit, read from the real host's log output.
/// </summary>
public sealed class ProblemLogTests
{
    private const int LinesPerWindow = 10;

    [Fact]
    public async Task Malformed_and_refused_requests_are_logged_as_single_lines_without_stack_traces_and_rate_limited()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new CapturedLog();
        await using var tenant = await TestTenant.StartAsync(time: time, logs: log);
        string[] hostile =
        [
            "this is not xml <",
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><Unknown xmlns=\"urn:x\"/></s:Body></s:Envelope>",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&e;</s:Body></s:Envelope>",
            Soap.Envelope(SoapVersion.Soap11, "o-1", "<a:Audit xmlns:a=\"urn:a\" s:mustUnderstand=\"1\"/>"),
            Soap.Envelope(SoapVersion.Soap11, "").Replace("<Quantity>3</Quantity>", "<Quantity>three</Quantity>", StringComparison.Ordinal),
        ];

        for (var i = 0; i < 40; i++)
        {
            var (status, _, response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, hostile[i % hostile.Length]);
            response.Dispose();
            Assert.True(status >= 400, $"request {i} was answered {status}");
        }

        AssertNoStackTraces(log);
        var lines = ProblemLines(log);
        Assert.Equal(LinesPerWindow, lines.Count);

        // The next window says how many were held back.
        time.Advance(TimeSpan.FromSeconds(11));
        (_, _, var last) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, hostile[0]);
        last.Dispose();
        var summary = Assert.Single(ProblemLines(log).Skip(LinesPerWindow));
        Assert.Contains($"({40 - LinesPerWindow} earlier problem requests not logged)", summary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulated_failures_of_the_flow_are_logged_as_single_lines_without_stack_traces()
    {
        var log = new CapturedLog();
        await using var tenant = await TestTenant.StartAsync(o => o with { Flow = new FlowSettings { FailureShare = 1 } }, logs: log);

        for (var i = 0; i < 3; i++)
        {
            var (status, _, response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap12, Soap.Envelope(SoapVersion.Soap12, $"o-fail-{i}"));
            response.Dispose();
            Assert.Equal(500, status);
        }

        AssertNoStackTraces(log);
        Assert.Equal(3, ProblemLines(log).Count);
    }

    private static List<CapturedLog.Entry> ProblemLines(CapturedLog log) =>
        log.Entries.Where(e => e.Category.EndsWith("ResponseSigningMiddleware", StringComparison.Ordinal) && e.Message.StartsWith("request ", StringComparison.Ordinal)).ToList();

    private static void AssertNoStackTraces(CapturedLog log)
    {
        foreach (var entry in log.Entries.Where(e => e.Level >= LogLevel.Information))
        {
            Assert.True(entry.Exception is null, $"{entry.Category} logged an exception: {entry.Written}");
            Assert.DoesNotContain('\n', entry.Written);
        }
    }
}
