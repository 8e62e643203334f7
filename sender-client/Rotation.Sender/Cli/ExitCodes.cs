namespace Rotation.Sender.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>verify: the response was rejected; send: a response was rejected; trust: the change was refused.</summary>
    public const int Rejected = 1;
    /// <summary>Bad arguments, unreadable files, unusable certificates.</summary>
    public const int Usage = 2;
    /// <summary>Something unexpected failed (a broken trust store file, an I/O error while running).</summary>
    public const int Failure = 3;
}
