namespace Rotation.Tenant.Logging;

/// <summary>
/// The tenant's log of requests that went wrong (refused at the door, answered with a fault, failed in the flow):
/// one line each, never a stack trace, and at most <paramref name="linesPerWindow"/> lines per
/// <paramref name="window"/>, so a client sending garbage cannot flood the log. The lines held back are counted in
/// the next line written. The message log (/admin/messages) still records every request.
/// </summary>
internal sealed class ProblemRequestLog(ILogger logger, TimeProvider time, int linesPerWindow, TimeSpan window)
{
    private const int MaxReasonLength = 200;

    private readonly Lock _gate = new();
    private long _windowStart;
    private bool _windowOpen;
    private int _written;
    private int _heldBack;

    public void Write(LogLevel level, string messageId, int status, string reason)
    {
        if (!logger.IsEnabled(level)) return;
        int heldBack;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (!_windowOpen || time.GetElapsedTime(_windowStart, now) >= window)
            {
                _windowStart = now;
                _windowOpen = true;
                _written = 0;
            }
            if (_written == linesPerWindow)
            {
                _heldBack++;
                return;
            }
            _written++;
            heldBack = _heldBack;
            _heldBack = 0;
        }
        logger.Log(level, "request {MessageId} answered {Status}: {Reason}{HeldBack}", messageId, status, OneLine(reason),
            heldBack == 0 ? "" : $" ({heldBack} earlier problem requests not logged)");
    }

    /// <summary>The reason as one short line: it may quote what the client sent.</summary>
    private static string OneLine(string reason)
    {
        var line = reason.ReplaceLineEndings(" ");
        return line.Length <= MaxReasonLength ? line : line[..MaxReasonLength] + "…";
    }
}
