using Rotation.Hosting.Storage;

namespace Rotation.Tenant.Persistence;

/// <summary>
/// The files the tenant keeps in its data directory, held under an exclusive lock for as long as the tenant runs
/// (docs/DESIGN.md §4a): two tenants on one directory would overwrite each other's acknowledged changes.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private readonly DataDirectoryLock _lock;

    private DataDirectory(string root, DataDirectoryLock directoryLock)
    {
        Root = root;
        _lock = directoryLock;
    }

    /// <summary>
    /// Creates the directory (0700) if needed and takes its lock before touching anything in it.
    /// Throws <see cref="DataDirectoryInUseException"/> when another tenant holds it.
    /// </summary>
    public static DataDirectory Open(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.GetFullPath(root);
        Directory.CreateDirectory(full);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var directoryLock = DataDirectoryLock.Acquire(Path.Combine(full, LockFileName), Path.Combine(full, LockOwnerFileName));
        AtomicFile.CleanLeftovers(full);
        return new DataDirectory(full, directoryLock);
    }

    public const string LockFileName = ".lock";
    public const string LockOwnerFileName = ".lock.pid";

    public string Root { get; }

    /// <summary>The commit point: the whole tenant state but the key material, naming the PKCS#12 that holds it.</summary>
    public string TenantState => Path.Combine(Root, "tenant-state.json");

    /// <summary>Before one tenant state: the keystore's own commit point (still read when <see cref="TenantState"/> is absent).</summary>
    public string LegacyKeystoreMetadata => Path.Combine(Root, "keystore.json");

    /// <summary>Before one tenant state: the signer step, persisted on its own.</summary>
    public string LegacySignerStep => Path.Combine(Root, "signer-step.json");

    public string KeystorePassword => Path.Combine(Root, "keystore.password");
    public string AdminToken => Path.Combine(Root, "admin.token");
    public string MessageLog => Path.Combine(Root, "messages.db");
    public string AuditLog => Path.Combine(Root, "audit.log");

    /// <summary>The key material of a generation; the tenant state names the one it uses.</summary>
    public string KeystoreGeneration(long generation) => Path.Combine(Root, KeystoreGenerationName(generation));

    public static string KeystoreGenerationName(long generation) => $"keystore.{generation}.p12";

    public void Dispose() => _lock.Dispose();
}
