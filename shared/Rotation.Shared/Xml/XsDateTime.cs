using System.Globalization;
using System.Text.RegularExpressions;

namespace Rotation.Shared.Xml;

/// <summary>
/// Reads the xs:dateTime lexical form exactly (XML Schema Part 2 §3.2.7): "YYYY-MM-DDThh:mm:ss", an optional
/// fraction, and a time zone, which WS-Security's wsu:Created/wsu:Expires need to mean one instant for everyone.
/// No lenient parser: a blank instead of the "T", a missing zone or a two-digit hour are not dateTimes.
/// Years beyond 0001–9999 and the end-of-day "24:00:00" are refused too: no timestamp needs them.
/// </summary>
public static partial class XsDateTime
{
    /// <summary>The value, or null when the text (XML white space around it aside) is not in that form.</summary>
    public static DateTimeOffset? TryParse(string text)
    {
        var trimmed = text.AsSpan().Trim(" \t\r\n");
        if (trimmed.Length > 64) return null;
        var match = Lexical().Match(trimmed.ToString());
        if (!match.Success) return null;
        int Part(string name) => int.Parse(match.Groups[name].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

        int year = Part("year"), month = Part("month"), day = Part("day"), hour = Part("hour"), minute = Part("minute"), second = Part("second");
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;

        var offset = TimeSpan.Zero;
        if (match.Groups["offsetHours"].Success)
        {
            int offsetHours = Part("offsetHours"), offsetMinutes = Part("offsetMinutes");
            if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 14 * 60) return null;
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (match.Groups["sign"].ValueSpan[0] == '-') offset = -offset;
        }

        var fraction = match.Groups["fraction"].ValueSpan;
        var ticks = 0L;
        for (var i = 0; i < 7; i++) ticks = ticks * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        var utc = local - offset;
        return utc < DateTime.MinValue.AddDays(1) || utc > DateTime.MaxValue.AddDays(-1) ? null : new DateTimeOffset(local, offset);
    }

    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})T(?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(\.(?<fraction>[0-9]+))?(Z|(?<sign>[+-])(?<offsetHours>[0-9]{2}):(?<offsetMinutes>[0-9]{2}))$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Lexical();
}
