using System.Text;
using System.Text.RegularExpressions;

namespace Rotation.Dashboard.Tests.Infrastructure;

/// <summary>The drill's console as a test reads it while the drill is still writing: thread-safe, and waitable for a line.</summary>
internal sealed class WatchedOutput : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate) _text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (_gate) _text.Append(value);
    }

    public override string ToString()
    {
        lock (_gate) return _text.ToString();
    }

    /// <summary>The first match of <paramref name="pattern"/> once the drill has written it.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, CancellationToken ct)
    {
        while (true)
        {
            var match = pattern.Match(ToString());
            if (match.Success) return match;
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }
}
