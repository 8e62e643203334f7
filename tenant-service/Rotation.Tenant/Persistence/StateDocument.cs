using Rotation.Tenant.Audit;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Persistence;

/// <summary>
/// tenant-state.json, the data directory's commit point: the tenant state but its key material, which lives in the
/// PKCS#12 named by <see cref="Keys"/>. The older keystore.json (version 1: no signer step, no flow, keys in
/// keystore.&lt;generation&gt;.p12) has the same shape and is read with it.
/// </summary>
internal sealed class StateDocument
{
    public const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;
    public long Generation { get; init; }

    /// <summary>The PKCS#12 file of the key material; absent in version 1, where it is keystore.&lt;generation&gt;.p12.</summary>
    public string? Keys { get; init; }

    public List<EntryRecord> Entries { get; init; } = [];
    public List<HistoryRecord> History { get; init; } = [];

    /// <summary>The backup keystore's entries (their key material in the same PKCS#12); absent when no backup was made.</summary>
    public List<EntryRecord>? Backup { get; init; }
    public DateTimeOffset? BackupMadeAt { get; init; }
    public SignerStep? SignerStep { get; init; }
    public FlowSettings? Flow { get; init; }

    /// <summary>The audit records of this generation: appended to audit.log again at start when a crash came between the two.</summary>
    public List<AuditRecord> Audit { get; init; } = [];

    public string KeysFile => Keys ?? DataDirectory.KeystoreGenerationName(Generation);
}

/// <param name="Issuers">The issuers of a CA-issued key pair (<see cref="StoredKeystore.EncodeIssuers"/>); null when it has none.</param>
internal sealed record EntryRecord(string Alias, EntryKind Kind, string Fingerprint, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, byte[]? Issuers = null);

internal sealed record HistoryRecord(string Id, string Alias, string Fingerprint, DateTimeOffset CreatedAt, DateTimeOffset RetiredAt);
