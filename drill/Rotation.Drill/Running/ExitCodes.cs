namespace Rotation.Drill.Running;

/// <summary>The drill's exit codes, as the README's table gives them.</summary>
public static class ExitCodes
{
    /// <summary>Every invariant held, or every rehearsed mistake broke the renewal exactly as predicted ("demonstrated").</summary>
    public const int Succeeded = 0;
    /// <summary>The procedure broke an invariant, or a rehearsed mistake did not break it as predicted.</summary>
    public const int InvariantBroken = 1;
    /// <summary>An option is wrong; nothing was started.</summary>
    public const int Usage = 2;
    /// <summary>A service could not be reached, refused the drill's token, or refused a call the drill needs.</summary>
    public const int ServiceUnavailable = 3;
    /// <summary>drill plan: a signing certificate expires within the lead time (or has expired): a renewal is due now.</summary>
    public const int RenewalDue = 4;
    /// <summary>Ctrl+C: traffic stopped, both services restored, a partial report written (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
