using Microsoft.Extensions.Time.Testing;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Rotation.Drill.Tenants;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Tests;

/// <summary>Which failures the rename window explains (docs/DESIGN.md §9): all of a kind inside it, answers still on their way within the grace, nothing else.</summary>
public sealed class RenameWindowReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Failures_wholly_inside_the_window_or_its_grace_are_its_own_and_others_are_not()
    {
        var window = new RenameWindow(Start, Start.AddMilliseconds(250), "signing-retired");
        var inside = Error("SecurityHeaderMissing", Start.AddMilliseconds(10), Start.AddMilliseconds(240), 6);
        var late = Error("SoapFault", Start.AddMilliseconds(300), Start.AddMilliseconds(900), 2);
        var before = Error("CertificateUntrusted", Start.AddSeconds(-5), Start.AddMilliseconds(100), 4);
        var after = Error("TransportError", Start.AddSeconds(3), Start.AddSeconds(4), 1);

        var report = RenameWindowReport.Of(window, [inside, late, before, after], new DrillClock(new FakeTimeProvider(Start.AddSeconds(-10))));

        Assert.Equal(250, report.Milliseconds);
        Assert.Equal(8, report.FailedRequests);
        Assert.Equal([inside, late], report.Failures);
        Assert.Equal(10, report.StartedOffset);
        Assert.Equal(10.25, report.EndedOffset);
    }

    private static ErrorStatistics Error(string code, DateTimeOffset first, DateTimeOffset last, long count) => new(OutcomeKind.Rejected, code, code, count, first, last);
}
