using Rotation.Tenant.Audit;
using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// Who created and last changed key material, read from the audit trail (docs/DESIGN.md §4a) by certificate
/// fingerprint, which a rename keeps: the entries themselves do not carry names. Records older than the last
/// <see cref="Depth"/> are not consulted (the field is null then).
/// </summary>
internal sealed class EntryAuthors
{
    public const int Depth = 2000;

    private readonly IReadOnlyList<AuditRecord> _records;

    private EntryAuthors(IReadOnlyList<AuditRecord> records) => _records = records;

    public static async Task<EntryAuthors> ReadAsync(LiveTenantState state, CancellationToken cancellationToken) =>
        new(await state.Store.ReadAuditAsync(Depth, cancellationToken));

    /// <summary>The record that brought this key material into the keystore (added or exchanged in).</summary>
    public AuditRecord? Created(string fingerprint) =>
        _records.FirstOrDefault(r => r.NewFingerprint == fingerprint && r.Action is "key-pair-added" or "certificate-added" or "key-pair-exchanged");

    /// <summary>The last record that changed the entry holding this key material (added, renamed, exchanged in).</summary>
    public AuditRecord? LastModified(string fingerprint) => _records.LastOrDefault(r => r.NewFingerprint == fingerprint);

    /// <summary>The record that retired this key material (exchanged out).</summary>
    public AuditRecord? Retired(string fingerprint) => _records.LastOrDefault(r => r.OldFingerprint == fingerprint && r.Action == "key-pair-exchanged");

    /// <summary>The last keystore change of any kind.</summary>
    public AuditRecord? LastKeystoreChange() => _records.LastOrDefault(r => r.Action is not ("signer-step-changed" or "flow-changed" or ChangeAudit.BackedUp));

    /// <summary>The last backup of the keystore into the backup keystore.</summary>
    public AuditRecord? LastBackup() => _records.LastOrDefault(r => r.Action == ChangeAudit.BackedUp);
}
