using System.Globalization;

namespace Rotation.Tenant.Hosting;

/// <summary>Durations on the command line: a number and a unit, <c>250ms</c>, <c>2s</c>, <c>1.5m</c>; <c>0</c> alone is zero.</summary>
public static class DurationText
{
    private static readonly (string Unit, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000)];

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (trimmed == "0") return true;
        foreach (var (unit, milliseconds) in Units)
        {
            if (!trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) continue;
            var number = trimmed[..^unit.Length].TrimEnd();
            // "5ms" also ends with "s": the longer unit is tried first, and a number never ends with a letter.
            if (number.Length == 0 || char.IsLetter(number[^1])) continue;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0 || amount * milliseconds > TimeSpan.MaxValue.TotalMilliseconds) return false;
            value = TimeSpan.FromMilliseconds(amount * milliseconds);
            return true;
        }
        return false;
    }
}
