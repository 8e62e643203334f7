using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Keystore;

/// <summary>
/// The tenant keystore. Readers take <see cref="Current"/> (an immutable snapshot, no lock); writers are
/// serialised, persist the new state first and only then publish it, so what signs is always what is on disk.
/// </summary>
public sealed class TenantKeystore
{
    private const int MaxSubjectLength = 1024;

    private readonly KeystoreFile _file;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private KeystoreSnapshot _current;

    private readonly Audit.AuditTrail? _audit;
    private readonly Audit.AdminCaller? _caller;

    internal TenantKeystore(KeystoreFile file, KeystoreOptions options, TimeProvider time, Audit.AuditTrail? audit = null, Audit.AdminCaller? caller = null)
    {
        _file = file;
        _time = time;
        _audit = audit;
        _caller = caller;
        Options = options;
        _current = file.Load();
    }

    public KeystoreOptions Options { get; }

    /// <summary>The published snapshot. Read it once per unit of work.</summary>
    public KeystoreSnapshot Current => Volatile.Read(ref _current);

    public async Task<KeystoreResult<KeystoreEntry>> CreateKeyPairAsync(string alias, KeyAlgorithm algorithm, string? subject, TimeSpan? validity, HashAlgorithmName? hash, CancellationToken cancellationToken = default)
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
        return await MutateAsync<KeystoreEntry>(snapshot =>
        {
            if (snapshot.Find(alias) is not null) return Duplicate(alias);
            var entry = KeystoreEntry.ForKeyPair(alias, certificate, now, now);
            return (snapshot.Entries.Add(alias, entry), snapshot.History, entry);
        }, cancellationToken);
    }

    public Task<KeystoreResult<KeystoreEntry>> ImportKeyPairAsync(string alias, byte[] pkcs12, string? password, CancellationToken cancellationToken = default)
    {
        if (AliasRules.Check(alias) is { } invalid) return Task.FromResult<KeystoreResult<KeystoreEntry>>(invalid);
        var read = KeyMaterial.ReadKeyPair(pkcs12, password);
        if (!read.Succeeded) return Task.FromResult<KeystoreResult<KeystoreEntry>>(read.Error!);
        return MutateAsync<KeystoreEntry>(snapshot =>
        {
            if (snapshot.Find(alias) is not null) return Duplicate(alias);
            var now = _time.GetUtcNow();
            var entry = KeystoreEntry.ForKeyPair(alias, read.Value!, now, now);
            return (snapshot.Entries.Add(alias, entry), snapshot.History, entry);
        }, cancellationToken);
    }

    public Task<KeystoreResult<KeystoreEntry>> ImportCertificateAsync(string alias, byte[] pemOrDer, CancellationToken cancellationToken = default)
    {
        if (AliasRules.Check(alias) is { } invalid) return Task.FromResult<KeystoreResult<KeystoreEntry>>(invalid);
        var read = KeyMaterial.ReadCertificate(pemOrDer);
        if (!read.Succeeded) return Task.FromResult<KeystoreResult<KeystoreEntry>>(read.Error!);
        return MutateAsync<KeystoreEntry>(snapshot =>
        {
            if (snapshot.Find(alias) is not null) return Duplicate(alias);
            var now = _time.GetUtcNow();
            var entry = KeystoreEntry.ForCertificate(alias, read.Value!, now, now);
            return (snapshot.Entries.Add(alias, entry), snapshot.History, entry);
        }, cancellationToken);
    }

    public Task<KeystoreResult<KeystoreEntry>> RenameAsync(string alias, string newAlias, CancellationToken cancellationToken = default)
    {
        if (AliasRules.Check(newAlias) is { } invalid) return Task.FromResult<KeystoreResult<KeystoreEntry>>(invalid);
        return MutateAsync<KeystoreEntry>(snapshot =>
        {
            if (snapshot.Find(alias) is not { } entry) return Unknown(alias);
            if (!KeystoreSnapshot.AliasComparer.Equals(alias, newAlias) && snapshot.Find(newAlias) is not null) return Duplicate(newAlias);
            var renamed = entry.Renamed(newAlias, _time.GetUtcNow());
            return (snapshot.Entries.Remove(alias).Add(newAlias, renamed), snapshot.History, renamed);
        }, cancellationToken);
    }

    public Task<KeystoreResult<KeystoreEntry>> DeleteAsync(string alias, CancellationToken cancellationToken = default) =>
        MutateAsync<KeystoreEntry>(snapshot => snapshot.Find(alias) is { } entry
            ? (snapshot.Entries.Remove(alias), snapshot.History, entry)
            : Unknown(alias), cancellationToken);

    /// <summary>
    /// Exchange keeping the alias, from another entry: that entry's key pair moves under <paramref name="alias"/>
    /// (the source alias disappears, as the key pair now lives under the exchanged alias) and the replaced
    /// key pair goes to the key history.
    /// </summary>
    public Task<KeystoreResult<ExchangeOutcome>> ExchangeFromEntryAsync(string alias, string sourceAlias, CancellationToken cancellationToken = default) =>
        MutateAsync<ExchangeOutcome>(snapshot =>
        {
            if (KeystoreSnapshot.AliasComparer.Equals(alias, sourceAlias))
                return new KeystoreError(KeystoreErrorCode.InvalidRequest, "an alias cannot be exchanged with itself");
            if (snapshot.Find(sourceAlias) is not { } source) return Unknown(sourceAlias);
            if (source.Kind != EntryKind.KeyPair)
                return new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{sourceAlias}' holds a certificate only; an exchange needs a key pair");
            return Exchange(snapshot.Entries.Remove(sourceAlias), snapshot, alias, source.Certificate, source.SigningKey!);
        }, cancellationToken);

    /// <summary>Exchange keeping the alias, from an uploaded PKCS#12 key pair.</summary>
    public Task<KeystoreResult<ExchangeOutcome>> ExchangeFromPkcs12Async(string alias, byte[] pkcs12, string? password, CancellationToken cancellationToken = default)
    {
        var read = KeyMaterial.ReadKeyPair(pkcs12, password);
        if (!read.Succeeded) return Task.FromResult<KeystoreResult<ExchangeOutcome>>(read.Error!);
        var signingKey = new SigningKey(read.Value!);
        return MutateAsync<ExchangeOutcome>(snapshot => Exchange(snapshot.Entries, snapshot, alias, read.Value!, signingKey), cancellationToken);
    }

    private KeystoreResult<(ImmutableDictionary<string, KeystoreEntry>, ImmutableList<KeyHistoryEntry>, ExchangeOutcome)> Exchange(
        ImmutableDictionary<string, KeystoreEntry> entries, KeystoreSnapshot snapshot, string alias, X509Certificate2 certificate, SigningKey signingKey)
    {
        if (entries.GetValueOrDefault(alias) is not { } current) return Unknown(alias);
        if (current.Kind != EntryKind.KeyPair)
            return new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{alias}' holds a certificate only; only a key pair can be exchanged");
        var newFingerprint = CertificateInfo.Fingerprint(certificate);
        if (newFingerprint == current.Fingerprint)
            return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"'{alias}' already holds this key pair");
        var now = _time.GetUtcNow();
        var retired = new KeyHistoryEntry(Guid.CreateVersion7(now).ToString("N"), current.Alias, current.Certificate, current.UpdatedAt, now, current.SigningKey);
        var exchanged = current.Exchanged(certificate, signingKey, now);
        return (entries.SetItem(alias, exchanged), snapshot.History.Add(retired), new ExchangeOutcome(exchanged, retired));
    }

    /// <summary>Purges a history entry; refused until it has been retired for the retention period (at least 90 days).</summary>
    public Task<KeystoreResult<KeyHistoryEntry>> PurgeHistoryAsync(string id, CancellationToken cancellationToken = default) =>
        MutateAsync<KeyHistoryEntry>(snapshot =>
        {
            if (snapshot.FindHistory(id) is not { } retired)
                return new KeystoreError(KeystoreErrorCode.UnknownHistoryEntry, $"no key history entry '{id}'");
            var purgeableFrom = retired.RetiredAt + Options.EffectiveHistoryRetention;
            if (_time.GetUtcNow() < purgeableFrom)
                return new KeystoreError(KeystoreErrorCode.PurgeTooEarly,
                    $"key history entry '{id}' was retired at {retired.RetiredAt:O} and cannot be purged before {purgeableFrom:O} ({Options.EffectiveHistoryRetention.TotalDays:0} days)");
            return (snapshot.Entries, snapshot.History.Remove(retired), retired);
        }, cancellationToken);

    public DateTimeOffset PurgeableFrom(KeyHistoryEntry retired) => retired.RetiredAt + Options.EffectiveHistoryRetention;

    private async Task<KeystoreResult<T>> MutateAsync<T>(
        Func<KeystoreSnapshot, KeystoreResult<(ImmutableDictionary<string, KeystoreEntry> Entries, ImmutableList<KeyHistoryEntry> History, T Value)>> change,
        CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var snapshot = Current;
            // If-Match, checked under the writer lock: an admin who saw an older generation does not overwrite a newer one.
            if (_caller?.Current?.ExpectedGeneration is { } expected && expected != snapshot.Generation)
                return new KeystoreError(KeystoreErrorCode.PreconditionFailed, $"the keystore is at generation {snapshot.Generation}, not {expected} (If-Match); read it again and retry");
            var result = change(snapshot);
            if (!result.Succeeded) return result.Error!;
            (var entries, var history, var value) = result.Value;
            var next = new KeystoreSnapshot(snapshot.Generation + 1, entries, history);
            // Disk first: a crash after this line leaves the new state, before it the old one.
            await _file.SaveAsync(next, CancellationToken.None);
            Volatile.Write(ref _current, next);
            if (_audit is not null)
                await _audit.AppendAsync(Audit.AuditTrail.Diff(snapshot, next, _caller?.Current?.Who ?? "system", _time.GetUtcNow()));
            return value;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static KeystoreError Duplicate(string alias) => new(KeystoreErrorCode.DuplicateAlias, $"alias '{alias}' already exists");
    private static KeystoreError Unknown(string alias) => new(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{alias}'");
}

/// <summary>The entry after an exchange and the key pair it retired to the history.</summary>
public sealed record ExchangeOutcome(KeystoreEntry Entry, KeyHistoryEntry Retired);
