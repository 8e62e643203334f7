using System.Runtime.InteropServices;

namespace Rotation.Hosting.Storage;

/// <summary>
/// Writes files so that a crash at any moment leaves either the old or the new content:
/// write a temp file beside the target, flush it to disk, rename it over the target, flush the directory.
/// The tenant's state files and the sender's trust store and keystore all write through here.
/// </summary>
public static class AtomicFile
{
    public const string TempSuffix = ".tmp";

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, bool ownerOnly, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        // The mode is set at creation so that a secret is never readable by others, not even briefly.
        if (ownerOnly && !OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(content, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        FlushDirectory(directory);
    }

    public static void WriteText(string path, string content, bool ownerOnly) =>
        WriteAsync(path, System.Text.Encoding.UTF8.GetBytes(content), ownerOnly).GetAwaiter().GetResult();

    /// <summary>Removes temp files a crash left behind; they never hold committed state.</summary>
    public static void CleanLeftovers(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "." + "*" + TempSuffix)) TryDelete(file);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // A rename is durable only once the directory entry is on disk; .NET has no API for that.
    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) return;
        try { _ = Fsync(fd); } finally { _ = Close(fd); }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for three int calls.
    [DllImport("libc", EntryPoint = "open", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync")]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
#pragma warning restore SYSLIB1054
}
