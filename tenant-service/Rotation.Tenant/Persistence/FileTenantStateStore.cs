using System.Text.Json;
using System.Text.Json.Serialization;
using Rotation.Hosting.Audit;
using Rotation.Hosting.Storage;
using Rotation.Tenant.Audit;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Signing;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Persistence;

/// <summary>
/// The tenant state in the data directory (docs/DESIGN.md §4a). Key material goes to a PKCS#12 per keystore change
/// (keystore.&lt;generation&gt;.p12, written before it is named); tenant-state.json, replaced atomically, names it and
/// is the single commit point, so a crash leaves the old state or the new one. Files no longer named are deleted only
/// after the commit. A directory written before the state was one (keystore.json + signer-step.json) still loads and
/// is converted at its first commit. The directory lock makes this process the only writer.
/// </summary>
public sealed class FileTenantStateStore : ITenantStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly DataDirectory _directory;
    private readonly KeyMaterialFile _keys;
    private readonly JsonLinesAudit<AuditRecord> _audit;
    private readonly SemaphoreSlim _commit = new(1, 1);

    /// <summary>The committed generation and its key file, once loaded or committed here.</summary>
    private (long Generation, string? KeysFile)? _committed;

    public FileTenantStateStore(DataDirectory directory, string password)
    {
        _directory = directory;
        _keys = new KeyMaterialFile(password, $"ROTATION_KEYSTORE_PASSWORD or {directory.KeystorePassword}");
        _audit = new JsonLinesAudit<AuditRecord>(directory.AuditLog);
    }

    public async Task<TenantState> LoadAsync(TenantState initial, CancellationToken cancellationToken)
    {
        await _commit.WaitAsync(cancellationToken);
        try
        {
            var document = ReadDocument();
            if (document is null)
            {
                DeleteKeyFilesExcept(null);
                _committed = (initial.Generation, null);
                return initial;
            }
            var state = ToState(document, initial);
            // The commit point is ahead of the audit log when a crash came between the two: append what is missing.
            if (document.Version >= StateDocument.CurrentVersion && ((await _audit.LastAsync(cancellationToken))?.Generation ?? 0) < document.Generation)
                await _audit.AppendAsync(document.Audit, cancellationToken);
            if (document.Version >= StateDocument.CurrentVersion) DeleteLegacyFiles();
            DeleteKeyFilesExcept(document.KeysFile);
            _committed = (document.Generation, document.KeysFile);
            return state;
        }
        finally
        {
            _commit.Release();
        }
    }

    public async Task<CommitOutcome> CommitAsync(StateCommit commit, CancellationToken cancellationToken)
    {
        await _commit.WaitAsync(cancellationToken);
        try
        {
            var (generation, keysFile) = _committed ?? Committed();
            if (generation != commit.Before.Generation) return CommitOutcome.Conflict(generation);
            var after = commit.After;
            // Flow and signer changes reuse the committed key file: no need to encrypt the keys again.
            if (keysFile is null || !ReferenceEquals(commit.Before.Keystore, after.Keystore))
            {
                keysFile = DataDirectory.KeystoreGenerationName(after.Generation);
                await _keys.WriteAsync(Path.Combine(_directory.Root, keysFile), after.Keystore, cancellationToken);
            }
            var document = ToDocument(after, keysFile, commit.Audit);
            await AtomicFile.WriteAsync(_directory.TenantState, JsonSerializer.SerializeToUtf8Bytes(document, Json), ownerOnly: true, cancellationToken);
            _committed = (after.Generation, keysFile);
            DeleteLegacyFiles();
            DeleteKeyFilesExcept(keysFile);
            await _audit.AppendAsync(commit.Audit, CancellationToken.None);
            return CommitOutcome.Success(after.Generation);
        }
        finally
        {
            _commit.Release();
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(int last, CancellationToken cancellationToken) => _audit.ReadAsync(last, cancellationToken);

    private (long Generation, string? KeysFile) Committed() => ReadDocument() is { } document ? (document.Generation, document.KeysFile) : (0, null);

    /// <summary>tenant-state.json, else the older keystore.json; null when neither exists (a new tenant).</summary>
    private StateDocument? ReadDocument()
    {
        var path = File.Exists(_directory.TenantState) ? _directory.TenantState
            : File.Exists(_directory.LegacyKeystoreMetadata) ? _directory.LegacyKeystoreMetadata
            : null;
        if (path is null) return null;
        return JsonSerializer.Deserialize<StateDocument>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path} is empty");
    }

    private TenantState ToState(StateDocument document, TenantState initial)
    {
        var p12Path = Path.Combine(_directory.Root, document.KeysFile);
        var backup = document.Backup is { } backedUp && document.BackupMadeAt is { } madeAt ? (backedUp, madeAt) : ((IEnumerable<EntryRecord>, DateTimeOffset)?)null;
        var keystore = StoredKeystore.Assemble(document.Entries, document.History, _keys.Read(p12Path), p12Path, backup);
        var signerStep = document.SignerStep ?? LegacySignerStep() ?? initial.SignerStep;
        if (signerStep.Problem() is { } problem) throw new InvalidDataException($"the stored signer step is invalid: {problem}");
        return new TenantState(document.Generation, keystore, signerStep, document.Flow ?? initial.Flow);
    }

    private SignerStep? LegacySignerStep() => File.Exists(_directory.LegacySignerStep)
        ? JsonSerializer.Deserialize<SignerStep>(File.ReadAllBytes(_directory.LegacySignerStep), Json)
        : null;

    private static StateDocument ToDocument(TenantState state, string keysFile, IReadOnlyList<AuditRecord> audit) => new()
    {
        Generation = state.Generation,
        Keys = keysFile,
        Entries = StoredKeystore.Entries(state.Keystore),
        History = StoredKeystore.History(state.Keystore),
        Backup = StoredKeystore.Backup(state.Keystore),
        BackupMadeAt = state.Keystore.Backup.MadeAt,
        SignerStep = state.SignerStep,
        Flow = state.Flow,
        Audit = audit.ToList(),
    };

    /// <summary>Once tenant-state.json is committed, the older layout's files are superseded.</summary>
    private void DeleteLegacyFiles()
    {
        TryDelete(_directory.LegacyKeystoreMetadata);
        TryDelete(_directory.LegacySignerStep);
    }

    private void DeleteKeyFilesExcept(string? keep)
    {
        foreach (var file in Directory.EnumerateFiles(_directory.Root, "keystore.*.p12"))
            if (Path.GetFileName(file) != keep) TryDelete(file);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }
}
