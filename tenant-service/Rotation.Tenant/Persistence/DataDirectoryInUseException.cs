namespace Rotation.Tenant.Persistence;

/// <summary>Another tenant holds the data directory's lock; starting a second one on it would lose acknowledged changes.</summary>
public sealed class DataDirectoryInUseException(string directory, int? holderProcessId, Exception inner)
    : IOException(Describe(directory, holderProcessId), inner)
{
    public string Directory { get; } = directory;

    /// <summary>The process that holds the lock, as it recorded itself; null when it could not be read.</summary>
    public int? HolderProcessId { get; } = holderProcessId;

    private static string Describe(string directory, int? pid) =>
        $"the data directory {directory} is in use by another tenant-service" + (pid is { } p ? $" (process {p})" : "") +
        "; stop it or choose another --data-dir";
}
