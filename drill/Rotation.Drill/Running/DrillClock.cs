using System.Globalization;

namespace Rotation.Drill.Running;

/// <summary>
/// The drill's one clock (docs/DESIGN.md §11): every time in the console, report.json and report.html is an offset
/// from one origin, the moment the drill started, shown beside its wall-clock UTC time so a run can be matched
/// with the tenant's message log and audit.
/// </summary>
public sealed class DrillClock(TimeProvider time)
{
    public DateTimeOffset Origin { get; } = time.GetUtcNow();

    public TimeProvider Time => time;

    public DateTimeOffset Now => time.GetUtcNow();

    public double Offset(DateTimeOffset moment) => (moment - Origin).TotalSeconds;

    /// <summary>"+12.34 s (23:41:05.123 UTC)".</summary>
    public string Describe(DateTimeOffset moment) => Describe(moment, Origin);

    public static string Describe(DateTimeOffset moment, DateTimeOffset origin) =>
        string.Create(CultureInfo.InvariantCulture, $"+{(moment - origin).TotalSeconds:0.00} s ({moment.UtcDateTime:HH:mm:ss.fff} UTC)");

    /// <summary>The console's prefix: wall-clock UTC, then the offset.</summary>
    public string Stamp(DateTimeOffset moment) =>
        string.Create(CultureInfo.InvariantCulture, $"{moment.UtcDateTime:HH:mm:ss.fff}Z {Offset(moment),7:+0.0}s");
}
