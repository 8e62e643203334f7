namespace Rotation.Tenant.Persistence;

/// <summary>The files the tenant keeps in its data directory.</summary>
public sealed class DataDirectory
{
    public DataDirectory(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AtomicFile.CleanLeftovers(Root);
    }

    public string Root { get; }
    public string KeystoreMetadata => Path.Combine(Root, "keystore.json");
    public string KeystorePassword => Path.Combine(Root, "keystore.password");
    public string AdminToken => Path.Combine(Root, "admin.token");
    public string SignerStep => Path.Combine(Root, "signer-step.json");
    public string MessageLog => Path.Combine(Root, "messages.db");
    public string AuditLog => Path.Combine(Root, "audit.log");

    /// <summary>Each keystore generation has its own PKCS#12 file; the metadata names the current one.</summary>
    public string KeystoreGeneration(long generation) => Path.Combine(Root, $"keystore.{generation}.p12");
}
