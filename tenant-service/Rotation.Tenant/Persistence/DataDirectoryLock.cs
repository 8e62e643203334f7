using System.Globalization;
using Rotation.Hosting.Storage;

namespace Rotation.Tenant.Persistence;

/// <summary>
/// An OS file lock on the data directory (an exclusive open of <c>.lock</c>, a flock on Linux), held until disposed or
/// the process ends, so a crash never leaves a stale lock. The holder's PID goes into a separate file
/// (<c>.lock.pid</c>): the locked file itself cannot be read by anyone else.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _held;

    private DataDirectoryLock(FileStream held) => _held = held;

    public static DataDirectoryLock Acquire(string lockPath, string ownerPath)
    {
        FileStream held;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            held = new FileStream(lockPath, options);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            throw new DataDirectoryInUseException(Path.GetDirectoryName(lockPath)!, ReadOwner(ownerPath), e);
        }
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        held.SetLength(0);
        held.Write(System.Text.Encoding.ASCII.GetBytes(pid + "\n"));
        held.Flush();
        AtomicFile.WriteText(ownerPath, pid + "\n", ownerOnly: true);
        return new DataDirectoryLock(held);
    }

    private static int? ReadOwner(string ownerPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(ownerPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => _held.Dispose();
}
