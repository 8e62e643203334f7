using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Rotation.Shared.Tests.Support;

namespace Rotation.Benchmarks;

/// <summary>MB/s for the 1 MiB hostile envelopes (1 MB = 10^6 bytes), verifications per second for the valid one.</summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "Throughput";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "1 MiB hostile envelopes refused per second as MB/s; valid envelopes verified per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics?.Mean is not { } nanoseconds) return "-";
        return benchmarkCase.Parameters["Kind"] as string == RejectionBenchmarks.Valid
            ? $"{1e9 / nanoseconds:N0} /s"
            : $"{HostileEnvelopes.Size / nanoseconds * 1e3:N0} MB/s";
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn());
}
