using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Keystore;

/// <summary>
/// The keystore operations of the tenant state. Readers take <see cref="Current"/> (an immutable snapshot, no lock);
/// every change goes through the state's one writer (docs/DESIGN.md §4a), is checked there against the signer step of
/// the same state, persisted first and only then published, so what signs is always what is on disk.
/// </summary>
public sealed class TenantKeystore
{
    private const int MaxSubjectLength = 1024;

    private readonly LiveTenantState _state;
    private readonly TimeProvider _time;

    public TenantKeystore(LiveTenantState state, KeystoreOptions options, TimeProvider time)
    {
        _state = state;
        _time = time;
        Options = options;
    }

    public KeystoreOptions Options { get; }

    /// <summary>The published keystore. Read it once per unit of work.</summary>
    public KeystoreSnapshot Current => _state.Current.Keystore;

    public async Task<KeystoreResult<Committed<KeystoreEntry>>> CreateKeyPairAsync(ChangeContext change, string alias, KeyAlgorithm algorithm, string? subject, TimeSpan? validity, HashAlgorithmName? hash, CancellationToken cancellationToken = default)
    {
        if (AliasRules.Check(alias) is { } invalid) return invalid;
        if (Current.Find(alias) is not null) return Duplicate(alias);
        var span = validity ?? TimeSpan.FromDays(3 * 365);
        if (span <= TimeSpan.Zero) return new KeystoreError(KeystoreErrorCode.InvalidRequest, "validity must be positive");
        // A subject of megabytes parses as a DN but cannot become a certificate: refuse it at the door.
        if (subject is { Length: > MaxSubjectLength })
            return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"subject must be at most {MaxSubjectLength} characters, this one has {subject.Length}");
        X500DistinguishedName dn;
        try { dn = new X500DistinguishedName(string.IsNullOrWhiteSpace(subject) ? $"CN={alias}" : subject); }
        catch (CryptographicException) { return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"subject '{subject}' is not a distinguished name"); }

        // Key generation takes up to seconds for RSA 4096: do it before taking the writer lock.
        var now = _time.GetUtcNow();
        X509Certificate2 certificate;
        try { certificate = CertificateFactory.CreateSelfSigned(dn.Name, algorithm, now.AddMinutes(-5), now + span, hash); }
        catch (CryptographicException) { return new KeystoreError(KeystoreErrorCode.InvalidRequest, "no certificate can be made with this subject"); }
        return await MutateAsync<KeystoreEntry>(change, (snapshot, _) =>
        {
            if (snapshot.Find(alias) is not null) return Duplicate(alias);
            var entry = KeystoreEntry.ForKeyPair(alias, certificate, now, now);
            return (snapshot.Entries.Add(alias, entry), snapshot.History, entry);
        }, cancellationToken);
    }

    public Task<KeystoreResult<Committed<KeystoreEntry>>> ImportKeyPairAsync(ChangeContext change, string alias, byte[] pkcs12, string? password, CancellationToken cancellationToken = default)
    {
        if (AliasRules.Check(alias) is { } invalid) return Task.FromResult<KeystoreResult<Committed<KeystoreEntry>>>(invalid);
        var read = KeyMaterial.ReadKeyPair(pkcs12, password);
        if (!read.Succeeded) return Task.FromResult<KeystoreResult<Committed<KeystoreEntry>>>(read.Error!);
        return MutateAsync<KeystoreEntry>(change, (snapshot, _) =>
        {
            if (snapshot.Find(alias) is not null) return Duplicate(alias);
            var now = _time.GetUtcNow();
            var entry = KeystoreEntry.ForKeyPair(alias, read.Value!, now, now);
            return (snapshot.Entries.Add(alias, entry), snapshot.History, entry);
        }, cancellationToken);
    }

    public Task<KeystoreResult<Committed<KeystoreEntry>>> ImportCertificateAsync(ChangeContext change, string alias, byte[] pemOrDer, CancellationToken cancellationToken = default)
    {
        if (AliasRules.Check(alias) is { } invalid) return Task.FromResult<KeystoreResult<Committed<KeystoreEntry>>>(invalid);
        var read = KeyMaterial.ReadCertificate(pemOrDer);
        if (!read.Succeeded) return Task.FromResult<KeystoreResult<Committed<KeystoreEntry>>>(read.Error!);
        return MutateAsync<KeystoreEntry>(change, (snapshot, _) =>
        {
            if (snapshot.Find(alias) is not null) return Duplicate(alias);
            var now = _time.GetUtcNow();
            var entry = KeystoreEntry.ForCertificate(alias, read.Value!, now, now);
            return (snapshot.Entries.Add(alias, entry), snapshot.History, entry);
        }, cancellationToken);
    }

    /// <summary>
    /// Renames an entry. <paramref name="signerStepGuard"/> <see cref="SignerStepGuard.Refuse"/> (the admin API) refuses
    /// to take away the signer step's alias or pinned key pair; <see cref="SignerStepGuard.Allow"/> (the platform's
    /// API) renames anyway, and the flow cannot sign until an entry holds the alias again (docs/DESIGN.md §9).
    /// </summary>
    public Task<KeystoreResult<Committed<KeystoreEntry>>> RenameAsync(ChangeContext change, string alias, string newAlias, SignerStepGuard signerStepGuard, CancellationToken cancellationToken = default)
    {
        if (AliasRules.Check(newAlias) is { } invalid) return Task.FromResult<KeystoreResult<Committed<KeystoreEntry>>>(invalid);
        return MutateAsync<KeystoreEntry>(change, (snapshot, step) =>
        {
            if (snapshot.Find(alias) is not { } entry) return Unknown(alias);
            if (signerStepGuard == SignerStepGuard.Refuse && InUse(entry, step) is { } inUse) return inUse;
            if (!KeystoreSnapshot.AliasComparer.Equals(alias, newAlias) && snapshot.Find(newAlias) is not null) return Duplicate(newAlias);
            var renamed = entry.Renamed(newAlias, _time.GetUtcNow());
            return (snapshot.Entries.Remove(alias).Add(newAlias, renamed), snapshot.History, renamed);
        }, cancellationToken);
    }

    /// <summary>Deletes an entry; <paramref name="signerStepGuard"/> as for <see cref="RenameAsync"/>.</summary>
    public Task<KeystoreResult<Committed<KeystoreEntry>>> DeleteAsync(ChangeContext change, string alias, SignerStepGuard signerStepGuard, CancellationToken cancellationToken = default) =>
        MutateAsync<KeystoreEntry>(change, (snapshot, step) =>
        {
            if (snapshot.Find(alias) is not { } entry) return Unknown(alias);
            if (signerStepGuard == SignerStepGuard.Refuse && InUse(entry, step) is { } inUse) return inUse;
            return (snapshot.Entries.Remove(alias), snapshot.History, entry);
        }, cancellationToken);

    /// <summary>Replaces the certificate under <paramref name="alias"/> (a certificate entry, not a key pair), keeping the alias.</summary>
    public Task<KeystoreResult<Committed<KeystoreEntry>>> ReplaceCertificateAsync(ChangeContext change, string alias, byte[] pemOrDer, CancellationToken cancellationToken = default)
    {
        var read = KeyMaterial.ReadCertificate(pemOrDer);
        if (!read.Succeeded) return Task.FromResult<KeystoreResult<Committed<KeystoreEntry>>>(read.Error!);
        return MutateAsync<KeystoreEntry>(change, (snapshot, _) =>
        {
            if (snapshot.Find(alias) is not { } current) return Unknown(alias);
            if (current.Kind != EntryKind.Certificate)
                return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"'{alias}' holds a key pair; a certificate cannot replace it (upload a key pair instead)");
            var replaced = KeystoreEntry.ForCertificate(current.Alias, read.Value!, current.CreatedAt, _time.GetUtcNow());
            return (snapshot.Entries.SetItem(current.Alias, replaced), snapshot.History, replaced);
        }, cancellationToken);
    }

    /// <summary>
    /// Imports a CA's signing response onto the key pair under <paramref name="alias"/> (docs/DESIGN.md §12), as the
    /// platform's CertificateChainResources does: the response (PEM certificates or PKCS#7, DER or PEM) must hold a
    /// certificate for this very key pair's public key; it replaces the entry's certificate (same key, same alias) and
    /// the CA certificates above it are kept with the entry. The key pair does not go to the key history: its key stays.
    /// </summary>
    public Task<KeystoreResult<Committed<KeystoreEntry>>> ImportChainAsync(ChangeContext change, string alias, byte[] response, CancellationToken cancellationToken = default)
    {
        var read = CertificateChain.Read(response);
        if (!read.Succeeded) return Task.FromResult<KeystoreResult<Committed<KeystoreEntry>>>(read.Error!);
        return MutateAsync<KeystoreEntry>(change, (snapshot, step) =>
        {
            if (snapshot.Find(alias) is not { } current) return Unknown(alias);
            if (current.Kind != EntryKind.KeyPair)
                return new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{alias}' holds a certificate only; a signing response belongs to a key pair");
            if (string.Equals(current.Fingerprint, step.KeyFingerprint, StringComparison.OrdinalIgnoreCase))
                return new KeystoreError(KeystoreErrorCode.KeyInUse, $"the signer step is pinned to the certificate under '{alias}', which the import replaces; unpin it first (PUT /admin/signer)");
            var matched = CertificateChain.ForKeyPair(read.Value!, current.Certificate, alias);
            if (!matched.Succeeded) return matched.Error!;
            var (certificate, issuers) = matched.Value;
            if (CertificateInfo.Fingerprint(certificate) == current.Fingerprint && issuers.SequenceEqual(current.Issuers, CertificateChain.SameEncoding))
                return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"'{alias}' already holds this certificate chain");
            var imported = KeystoreEntry.ForKeyPair(current.Alias, certificate, current.CreatedAt, _time.GetUtcNow(), issuers);
            return (snapshot.Entries.SetItem(current.Alias, imported), snapshot.History, imported);
        }, cancellationToken);
    }

    /// <summary>Deleting, renaming or consuming the signer step's alias or pinned key pair would make every response fail: refuse it.</summary>
    private static KeystoreError? InUse(KeystoreEntry entry, Signing.SignerStep step) =>
        KeystoreSnapshot.AliasComparer.Equals(entry.Alias, step.Alias)
            ? new KeystoreError(KeystoreErrorCode.AliasInUse, $"alias '{entry.Alias}' is used by the signer step; point the signer step at another alias first (PUT /admin/signer)")
        : string.Equals(entry.Fingerprint, step.KeyFingerprint, StringComparison.OrdinalIgnoreCase)
            ? new KeystoreError(KeystoreErrorCode.KeyInUse, $"the signer step is pinned to the key pair under '{entry.Alias}'; unpin it first (PUT /admin/signer)")
            : null;

    /// <summary>
    /// Exchange keeping the alias, from another entry: that entry's key pair moves under <paramref name="alias"/>
    /// (the source alias disappears, as the key pair now lives under the exchanged alias) and the replaced
    /// key pair goes to the key history.
    /// </summary>
    public Task<KeystoreResult<Committed<ExchangeOutcome>>> ExchangeFromEntryAsync(ChangeContext change, string alias, string sourceAlias, CancellationToken cancellationToken = default) =>
        MutateAsync<ExchangeOutcome>(change, (snapshot, step) =>
        {
            if (KeystoreSnapshot.AliasComparer.Equals(alias, sourceAlias))
                return new KeystoreError(KeystoreErrorCode.InvalidRequest, "an alias cannot be exchanged with itself");
            if (snapshot.Find(sourceAlias) is not { } source) return Unknown(sourceAlias);
            if (source.Kind != EntryKind.KeyPair)
                return new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{sourceAlias}' holds a certificate only; an exchange needs a key pair");
            var exchanged = Exchange(snapshot.Entries.Remove(sourceAlias), snapshot, alias, source.Certificate, source.SigningKey!, source.Issuers);
            // The source alias disappears: not when the signer step signs with it.
            if (exchanged.Succeeded && KeystoreSnapshot.AliasComparer.Equals(sourceAlias, step.Alias))
                return new KeystoreError(KeystoreErrorCode.AliasInUse, $"alias '{sourceAlias}' is used by the signer step and would be consumed by the exchange; point the signer step elsewhere first");
            return exchanged;
        }, cancellationToken);

    /// <summary>Exchange keeping the alias, from an uploaded PKCS#12 key pair.</summary>
    public Task<KeystoreResult<Committed<ExchangeOutcome>>> ExchangeFromPkcs12Async(ChangeContext change, string alias, byte[] pkcs12, string? password, CancellationToken cancellationToken = default)
    {
        var read = KeyMaterial.ReadKeyPair(pkcs12, password);
        if (!read.Succeeded) return Task.FromResult<KeystoreResult<Committed<ExchangeOutcome>>>(read.Error!);
        var signingKey = new SigningKey(read.Value!);
        return MutateAsync<ExchangeOutcome>(change, (snapshot, _) => Exchange(snapshot.Entries, snapshot, alias, read.Value!, signingKey, []), cancellationToken);
    }

    private KeystoreResult<(ImmutableDictionary<string, KeystoreEntry>, ImmutableList<KeyHistoryEntry>, ExchangeOutcome)> Exchange(
        ImmutableDictionary<string, KeystoreEntry> entries, KeystoreSnapshot snapshot, string alias, X509Certificate2 certificate, SigningKey signingKey,
        ImmutableArray<X509Certificate2> issuers)
    {
        if (entries.GetValueOrDefault(alias) is not { } current) return Unknown(alias);
        if (current.Kind != EntryKind.KeyPair)
            return new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{alias}' holds a certificate only; only a key pair can be exchanged");
        var newFingerprint = CertificateInfo.Fingerprint(certificate);
        if (newFingerprint == current.Fingerprint)
            return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"'{alias}' already holds this key pair");
        var now = _time.GetUtcNow();
        var retired = new KeyHistoryEntry(Guid.CreateVersion7(now).ToString("N"), current.Alias, current.Certificate, current.UpdatedAt, now, current.SigningKey);
        var exchanged = current.Exchanged(certificate, signingKey, issuers, now);
        return (entries.SetItem(alias, exchanged), snapshot.History.Add(retired), new ExchangeOutcome(exchanged, retired));
    }

    /// <summary>Purges a history entry; refused until it has been retired for the retention period (at least 90 days).</summary>
    public Task<KeystoreResult<Committed<KeyHistoryEntry>>> PurgeHistoryAsync(ChangeContext change, string id, CancellationToken cancellationToken = default) =>
        MutateAsync<KeyHistoryEntry>(change, (snapshot, step) =>
        {
            if (snapshot.FindHistory(id) is not { } retired)
                return new KeystoreError(KeystoreErrorCode.UnknownHistoryEntry, $"no key history entry '{id}'");
            if (string.Equals(step.KeyFingerprint, retired.Fingerprint, StringComparison.OrdinalIgnoreCase))
                return new KeystoreError(KeystoreErrorCode.KeyInUse, $"the signer step is pinned to {retired.Fingerprint}; unpin it first (PUT /admin/signer with keyFingerprint \"\")");
            var purgeableFrom = retired.RetiredAt + Options.EffectiveHistoryRetention;
            if (_time.GetUtcNow() < purgeableFrom)
                return new KeystoreError(KeystoreErrorCode.PurgeTooEarly,
                    $"key history entry '{id}' was retired at {retired.RetiredAt:O} and cannot be purged before {purgeableFrom:O} ({Options.EffectiveHistoryRetention.TotalDays:0} days)");
            return (snapshot.Entries, snapshot.History.Remove(retired), retired);
        }, cancellationToken);

    public DateTimeOffset PurgeableFrom(KeyHistoryEntry retired) => retired.RetiredAt + Options.EffectiveHistoryRetention;

    /// <summary>Backs up the keystore's entries into the backup keystore, replacing the previous backup (docs/DESIGN.md §9).</summary>
    public Task<KeystoreResult<Committed<KeystoreBackup>>> BackUpAsync(ChangeContext change, CancellationToken cancellationToken = default) =>
        _state.ChangeAsync<KeystoreBackup>(change, state =>
        {
            var backup = new KeystoreBackup(state.Keystore.Entries, _time.GetUtcNow());
            return (state with { Keystore = new KeystoreSnapshot(state.Keystore.Entries, state.Keystore.History, backup) }, backup);
        }, cancellationToken);

    /// <summary>
    /// Puts the backed-up entries (all, or those under <paramref name="aliases"/>) back into the keystore as
    /// <paramref name="mode"/> says. Nothing is lost: a key pair the restore takes away (replaced under its alias, or
    /// removed by <see cref="RestoreMode.Replace"/>) goes to the key history unless the restored keystore still holds
    /// it. <paramref name="signerStepGuard"/> <see cref="SignerStepGuard.Refuse"/> refuses a restore that leaves the
    /// signer step's alias without a key pair.
    /// </summary>
    public Task<KeystoreResult<Committed<RestoreOutcome>>> RestoreBackupAsync(ChangeContext change, RestoreMode mode, IReadOnlyCollection<string>? aliases, SignerStepGuard signerStepGuard,
        CancellationToken cancellationToken = default) =>
        MutateAsync<RestoreOutcome>(change, (snapshot, step) =>
        {
            var backup = snapshot.Backup;
            if (!backup.Exists) return new KeystoreError(KeystoreErrorCode.NoBackup, "no backup of the keystore has been made; make one first");
            if (aliases?.FirstOrDefault(a => backup.Find(a) is null) is { } missing)
                return new KeystoreError(KeystoreErrorCode.UnknownAlias, $"the backup holds no entry with alias '{missing}'");
            var restored = aliases is null ? backup.Entries.Values.ToList() : aliases.Distinct(KeystoreSnapshot.AliasComparer).Select(a => backup.Find(a)!).ToList();
            var now = _time.GetUtcNow();
            var entries = mode == RestoreMode.Replace ? ImmutableDictionary<string, KeystoreEntry>.Empty.WithComparers(KeystoreSnapshot.AliasComparer) : snapshot.Entries;
            foreach (var entry in restored) entries = entries.SetItem(entry.Alias, entry);
            if (signerStepGuard == SignerStepGuard.Refuse && entries.GetValueOrDefault(step.Alias) is not { Kind: EntryKind.KeyPair })
                return new KeystoreError(KeystoreErrorCode.AliasInUse, $"the restore would leave alias '{step.Alias}' of the signer step without a key pair; restore it too or point the signer step elsewhere first");
            var kept = entries.Values.Select(e => e.Fingerprint).ToHashSet(StringComparer.Ordinal);
            var retired = snapshot.Entries.Values
                .Where(e => e.Kind == EntryKind.KeyPair && !kept.Contains(e.Fingerprint) && !snapshot.History.Any(h => h.Fingerprint == e.Fingerprint))
                .Select(e => new KeyHistoryEntry(Guid.CreateVersion7(now).ToString("N"), e.Alias, e.Certificate, e.UpdatedAt, now, e.SigningKey))
                .ToList();
            return (entries, snapshot.History.AddRange(retired), new RestoreOutcome(restored, retired));
        }, cancellationToken);

    private Task<KeystoreResult<Committed<T>>> MutateAsync<T>(
        ChangeContext change,
        Func<KeystoreSnapshot, Signing.SignerStep, KeystoreResult<(ImmutableDictionary<string, KeystoreEntry> Entries, ImmutableList<KeyHistoryEntry> History, T Value)>> apply,
        CancellationToken cancellationToken) =>
        _state.ChangeAsync<T>(change, state =>
        {
            var result = apply(state.Keystore, state.SignerStep);
            if (!result.Succeeded) return result.Error!;
            (var entries, var history, var value) = result.Value;
            return (state with { Keystore = new KeystoreSnapshot(entries, history, state.Keystore.Backup) }, value);
        }, cancellationToken);

    private static KeystoreError Duplicate(string alias) => new(KeystoreErrorCode.DuplicateAlias, $"alias '{alias}' already exists");
    private static KeystoreError Unknown(string alias) => new(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{alias}'");
}

/// <summary>The entries a restore put back and the key pairs it retired to the history.</summary>
public sealed record RestoreOutcome(IReadOnlyList<KeystoreEntry> Restored, IReadOnlyList<KeyHistoryEntry> Retired);

/// <summary>The entry after an exchange and the key pair it retired to the history.</summary>
public sealed record ExchangeOutcome(KeystoreEntry Entry, KeyHistoryEntry Retired);
