using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Rotation.Hosting.Audit;
using Rotation.Sender.Wcf;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Trust;

/// <summary>
/// The sender's trust store. Readers take <see cref="Current"/> (an immutable snapshot) without locks;
/// changes are serialised, persisted first and then published by one reference swap, so every response
/// is verified wholly against the old or wholly against the new set.
/// </summary>
public sealed class TrustStore : ITrustSource
{
    private readonly TrustStoreFile? _file;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _verified = new(StringComparer.OrdinalIgnoreCase);
    private readonly JsonLinesAudit<TrustAuditRecord>? _audit;
    private TrustSnapshot _current;

    private TrustStore(TrustStoreFile? file, TrustSnapshot initial, IReadOnlyDictionary<string, long> verified, TimeProvider time)
    {
        _file = file;
        _audit = file is null ? null : new JsonLinesAudit<TrustAuditRecord>(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file.Path)!, "trust-audit.log"));
        _time = time;
        _current = initial;
        foreach (var (fingerprint, count) in verified) _verified[fingerprint] = count;
    }

    /// <summary>A store that lives only in memory (the send and verify commands).</summary>
    public static TrustStore InMemory(TrustMode mode, IEnumerable<X509Certificate2> certificates, TimeProvider? time = null, IEnumerable<X509Certificate2>? authorities = null)
    {
        time ??= TimeProvider.System;
        return new TrustStore(null, Seed(mode, certificates, time.GetUtcNow(), authorities), new Dictionary<string, long>(), time);
    }

    /// <summary>
    /// Opens the store in <paramref name="dataDir"/>. A new directory is seeded with <paramref name="seedMode"/>
    /// and <paramref name="seedCertificates"/>; an existing store keeps what it holds (the seed is ignored).
    /// </summary>
    public static async Task<TrustStore> OpenAsync(string dataDir, TrustMode seedMode, IEnumerable<X509Certificate2> seedCertificates, TimeProvider? time = null, CancellationToken cancellationToken = default,
        IEnumerable<X509Certificate2>? seedAuthorities = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        time ??= TimeProvider.System;
        Directory.CreateDirectory(dataDir);
        var file = TrustStoreFile.InDirectory(dataDir);
        var stored = await file.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (stored is not null) return new TrustStore(file, stored.Snapshot, stored.VerifiedCounts, time);
        var store = new TrustStore(file, Seed(seedMode, seedCertificates, time.GetUtcNow(), seedAuthorities), new Dictionary<string, long>(), time);
        await file.SaveAsync(store.Current, store.VerifiedCounts, cancellationToken).ConfigureAwait(false);
        store.SeededNew = true;
        return store;
    }

    public TrustSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Where every change is recorded (who, when, what, fingerprints before and after); null for an in-memory store.</summary>
    public string? AuditPath => _audit?.Path;

    /// <summary>The last <paramref name="last"/> changes, oldest first (none for an in-memory store).</summary>
    public Task<IReadOnlyList<TrustAuditRecord>> AuditAsync(int last, CancellationToken cancellationToken = default) =>
        _audit?.ReadAsync(last, cancellationToken) ?? Task.FromResult<IReadOnlyList<TrustAuditRecord>>([]);

    TrustSet ITrustSource.Current => Current.Set;
    public string? FilePath => _file?.Path;
    /// <summary>True when <see cref="OpenAsync"/> created the store from the seed rather than loading it.</summary>
    public bool SeededNew { get; private set; }

    /// <summary>How many responses each certificate (by fingerprint) has verified, including removed ones.</summary>
    public IReadOnlyDictionary<string, long> VerifiedCounts => _verified.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

    public long VerifiedCount(string fingerprint) => _verified.TryGetValue(fingerprint, out var n) ? n : 0;

    public void RecordVerified(string fingerprint) => _verified.AddOrUpdate(fingerprint, 1, static (_, n) => n + 1);

    /// <summary>Overlap mode: trust one more certificate. Single mode accepts it only while the store is empty.</summary>
    public Task<TrustChange> AddAsync(ChangeContext change, X509Certificate2 certificate, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            var entry = new TrustEntry(certificate, _time.GetUtcNow());
            if (current.Find(entry.Fingerprint) is not null)
                return Refuse(TrustError.AlreadyTrusted, $"{entry.Fingerprint} is already trusted");
            if (current.Mode == TrustMode.Single && current.Entries.Length > 0)
                return Refuse(TrustError.SingleModeHoldsOne, "single mode trusts exactly one certificate: exchange it, or switch to overlap mode first");
            return Accept(current.Mode, current.Entries.Add(entry), $"added {entry.Subject} ({entry.Fingerprint})");
        }, cancellationToken);

    /// <summary>Overlap mode: stop trusting a certificate. Never removes the last one.</summary>
    public Task<TrustChange> RemoveAsync(ChangeContext change, string fingerprint, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            // Accept the forms fingerprints are copied in: any case, with colons or spaces between bytes.
            fingerprint = string.Concat((fingerprint ?? "").Where(Uri.IsHexDigit));
            var entry = current.Find(fingerprint);
            if (entry is null) return Refuse(TrustError.NotFound, $"no trusted certificate has fingerprint {fingerprint}");
            if (current.Mode == TrustMode.Single)
                return Refuse(TrustError.SingleModeHoldsOne, "single mode trusts exactly one certificate: exchange it instead of removing it");
            if (current.Entries.Length == 1 && current.Authorities.IsEmpty)
                return Refuse(TrustError.WouldBeEmpty, "removing the last trusted certificate would reject every response");
            return Accept(current.Mode, current.Entries.Remove(entry), $"removed {entry.Subject} ({entry.Fingerprint})");
        }, cancellationToken);

    /// <summary>
    /// Replaces everything trusted with exactly <paramref name="certificate"/> in one swap: the single-mode
    /// renewal step. In overlap mode it does the same (a shortcut for add-new plus remove-all-old).
    /// </summary>
    public Task<TrustChange> ExchangeAsync(ChangeContext change, X509Certificate2 certificate, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            var entry = new TrustEntry(certificate, _time.GetUtcNow());
            var previous = current.Entries.Length == 0 ? "nothing" : string.Join(", ", current.Entries.Select(e => e.Fingerprint));
            var kept = current.Find(entry.Fingerprint) ?? entry;
            return Accept(current.Mode, [kept], $"exchanged {previous} for {entry.Subject} ({entry.Fingerprint})");
        }, cancellationToken);

    /// <summary>Trusts a CA (docs/DESIGN.md §12): certificates that chain to it verify without being pinned.</summary>
    public Task<TrustChange> AddAuthorityAsync(ChangeContext change, X509Certificate2 authority, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            var entry = new TrustEntry(authority, _time.GetUtcNow());
            if (current.FindAuthority(entry.Fingerprint) is not null)
                return Refuse(TrustError.AlreadyTrusted, $"the CA {entry.Fingerprint} is already trusted");
            if (entry.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
                return Refuse(TrustError.NotAnAuthority, $"{entry.Subject} is not a CA certificate (no basic constraints CA=true): trust it as a pinned certificate instead");
            return Accept(current.Mode, current.Entries, $"trusted the CA {entry.Subject} ({entry.Fingerprint})") with { Authorities = current.Authorities.Add(entry) };
        }, cancellationToken);

    /// <summary>Stops trusting a CA; never what leaves nothing trusted.</summary>
    public Task<TrustChange> RemoveAuthorityAsync(ChangeContext change, string fingerprint, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            fingerprint = string.Concat((fingerprint ?? "").Where(Uri.IsHexDigit));
            if (current.FindAuthority(fingerprint) is not { } entry) return Refuse(TrustError.NotFound, $"no trusted CA has fingerprint {fingerprint}");
            if (current.Entries.IsEmpty && current.Authorities.Length == 1)
                return Refuse(TrustError.WouldBeEmpty, "removing the last trusted CA with no pinned certificate would reject every response");
            return Accept(current.Mode, current.Entries, $"stopped trusting the CA {entry.Subject} ({entry.Fingerprint})") with { Authorities = current.Authorities.Remove(entry) };
        }, cancellationToken);

    public Task<TrustChange> SetModeAsync(ChangeContext change, TrustMode mode, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            if (current.Mode == mode) return Accept(mode, current.Entries, $"mode is already {mode}", unchanged: true);
            if (mode == TrustMode.Single && current.Entries.Length > 1)
                return Refuse(TrustError.ModeNeedsExactlyOne, $"single mode needs exactly one trusted certificate, {current.Entries.Length} are trusted: remove the others first");
            return Accept(mode, current.Entries, $"mode set to {mode}");
        }, cancellationToken);

    /// <param name="change">Who changes the store (recorded in the audit trail) and the revision they saw (If-Match).</param>
    private async Task<TrustChange> ChangeAsync(ChangeContext change, Func<TrustSnapshot, Decision> decide, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Current;
            // If-Match, checked under the change lock: an administrator who saw an older revision does not overwrite a newer one.
            if (change.ExpectedVersion is { } expected && expected != current.Revision)
                return TrustChange.Refused(TrustError.PreconditionFailed, $"the trust store is at revision {current.Revision}, not {expected} (If-Match); read it again and retry", current);
            var decision = decide(current);
            if (decision.Error != TrustError.None) return TrustChange.Refused(decision.Error, decision.Message, current);
            if (decision.Unchanged) return TrustChange.Done(current, decision.Message);
            var next = new TrustSnapshot(decision.Mode, current.Revision + 1, decision.Entries, _time.GetUtcNow(),
                decision.Authorities.IsDefault ? current.Authorities : decision.Authorities);
            // Disk first: if persisting fails, memory still agrees with the file and the caller sees the exception.
            if (_file is not null) await _file.SaveAsync(next, VerifiedCounts, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, next);
            await AppendAuditAsync(change.Who, current, next, decision.Message).ConfigureAwait(false);
            return TrustChange.Done(next, decision.Message);
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task AppendAuditAsync(string who, TrustSnapshot before, TrustSnapshot after, string what)
    {
        if (_audit is null) return;
        await _audit.AppendAsync([new TrustAuditRecord(after.ChangedAt, who, what, after.Mode.ToString(),
            [.. before.Entries.Select(e => e.Fingerprint)], [.. after.Entries.Select(e => e.Fingerprint)], after.Revision)]).ConfigureAwait(false);
    }

    /// <summary>Writes the current snapshot with the latest verification counts (e.g. at shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_file is null) return;
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _file.SaveAsync(Current, VerifiedCounts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _changes.Release();
        }
    }

    private static TrustSnapshot Seed(TrustMode mode, IEnumerable<X509Certificate2> certificates, DateTimeOffset now, IEnumerable<X509Certificate2>? authorities = null)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var entries = new List<TrustEntry>();
        foreach (var certificate in certificates)
        {
            var entry = new TrustEntry(certificate, now);
            if (entries.All(e => e.Fingerprint != entry.Fingerprint)) entries.Add(entry);
        }
        if (mode == TrustMode.Single && entries.Count > 1)
            throw new ArgumentException($"single mode trusts exactly one certificate, {entries.Count} were given; use overlap mode");
        return new TrustSnapshot(mode, 1, [.. entries], now, [.. (authorities ?? []).Select(a => new TrustEntry(a, now)).DistinctBy(a => a.Fingerprint)]);
    }

    private static Decision Refuse(TrustError error, string message) => new(error, message, default, [], false);

    private static Decision Accept(TrustMode mode, ImmutableArray<TrustEntry> entries, string message, bool unchanged = false) =>
        new(TrustError.None, message, mode, entries, unchanged);

    /// <summary>Default <see cref="Authorities"/>: the CAs stay as they are.</summary>
    private readonly record struct Decision(TrustError Error, string Message, TrustMode Mode, ImmutableArray<TrustEntry> Entries, bool Unchanged)
    {
        public ImmutableArray<TrustEntry> Authorities { get; init; }
    }
}
