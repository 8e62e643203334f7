using System.Globalization;

namespace Rotation.Drill.Load;

/// <summary>
/// How busy all cores of the machine were between two readings of the kernel's counters (/proc/stat): the
/// signing ceiling holds only for phases that saturate the machine, so the report says whether they did.
/// </summary>
public sealed class MachineCpu
{
    private readonly (long Busy, long Total)? _start = Read();

    /// <summary>Busy share of all cores since construction (0–1); null where /proc/stat is not there.</summary>
    public double? BusyFraction()
    {
        if (_start is not { } start || Read() is not { } end || end.Total <= start.Total) return null;
        return Math.Round((double)(end.Busy - start.Busy) / (end.Total - start.Total), 3);
    }

    private static (long Busy, long Total)? Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal (guest time is already inside user)
            var total = fields.Take(8).Sum();
            return (total - fields[3] - fields[4], total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
