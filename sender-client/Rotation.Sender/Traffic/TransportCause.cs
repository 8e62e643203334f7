using System.Net.Sockets;

namespace Rotation.Sender.Traffic;

/// <summary>
/// Names why a request never got a response, in the words an administrator acts on ("connection refused",
/// "timeout"): WCF wraps the socket's own error two or three exceptions deep.
/// </summary>
public static class TransportCause
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var cause = Cause(exception);
        return $"{cause}: {Innermost(exception).Message}";
    }

    private static string Cause(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }: return "connection refused";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted }: return "connection reset";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }: return "host not found";
                case SocketException { SocketErrorCode: SocketError.TimedOut }: return "timeout";
                case TimeoutException: return "timeout";
                case TaskCanceledException: return "timeout";
            }
        }
        return exception.GetType().Name;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
