using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Hosting.Audit;
using Rotation.Hosting.Storage;
using Rotation.Sender.Wcf;
using Rotation.Shared.Certificates;

namespace Rotation.Sender.Keys;

/// <summary>
/// The sender's own key pairs under aliases (docs/DESIGN.md §10). Readers take <see cref="Current"/> (an immutable
/// snapshot) without locks; the request signer reads it once per request. Changes are serialised, persisted first and
/// then published by one reference swap, so an exchange takes effect on the next request and no request is signed
/// half with the old key. Private keys leave only into the keystore's own file.
/// </summary>
public sealed class SenderKeystore : IRequestSigningSource
{
    public const string AuditFileName = "keystore-audit.log";
    private const int MaxSubjectLength = 1024;

    private readonly SenderKeystoreFile? _file;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly JsonLinesAudit<KeystoreAuditRecord>? _audit;
    private SenderKeystoreSnapshot _current;

    private SenderKeystore(SenderKeystoreFile? file, SenderKeystoreSnapshot initial, SenderKeystoreOptions options, TimeProvider time)
    {
        _file = file;
        _audit = file is null ? null : new JsonLinesAudit<KeystoreAuditRecord>(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file.Path))!, AuditFileName));
        _time = time;
        _current = initial;
        Options = options;
    }

    public SenderKeystoreOptions Options { get; }

    public SenderKeystoreSnapshot Current => Volatile.Read(ref _current);

    RequestSignature? IRequestSigningSource.Current => Current.Signature;

    public string? FilePath => _file?.Path;
    public string? AuditPath => _audit?.Path;

    /// <summary>True when <see cref="OpenAsync"/> created the keystore (with its first key pair) rather than loading it.</summary>
    public bool SeededNew { get; private set; }

    /// <summary>A keystore only in memory, seeded with one key pair under the signing alias (the send command, tests).</summary>
    public static SenderKeystore InMemory(SenderKeystoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowOnProblems(options);
        time ??= TimeProvider.System;
        return new SenderKeystore(null, Seed(options, time.GetUtcNow()), options, time);
    }

    /// <summary>
    /// Opens the keystore in <paramref name="dataDir"/>; a new one gets a key pair under the options' signing alias.
    /// An existing keystore keeps its key pairs and signing alias; <see cref="SenderKeystoreOptions.Signing"/>, when set, replaces its signing settings.
    /// </summary>
    public static async Task<SenderKeystore> OpenAsync(string dataDir, SenderKeystoreOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        ArgumentNullException.ThrowIfNull(options);
        ThrowOnProblems(options);
        time ??= TimeProvider.System;
        Directory.CreateDirectory(dataDir);
        // A crash during a write leaves at most a temp file beside the keystore; it never holds committed state.
        AtomicFile.CleanLeftovers(dataDir);
        var file = SenderKeystoreFile.InDirectory(dataDir);
        var stored = await file.LoadAsync(cancellationToken).ConfigureAwait(false);
        var keystore = new SenderKeystore(file, stored ?? Seed(options, time.GetUtcNow()), options, time);
        if (stored is null)
        {
            await file.SaveAsync(keystore.Current, cancellationToken).ConfigureAwait(false);
            keystore.SeededNew = true;
            await keystore.AppendAuditAsync(ChangeContext.System.Who, "created", keystore.Current.SigningAlias, null, keystore.Current.SigningKeyPair!.Fingerprint, keystore.Current).ConfigureAwait(false);
        }
        if (options.Signing is { } signing && signing != keystore.Current.Signing)
            await keystore.SetSigningAsync(ChangeContext.System, signing, cancellationToken).ConfigureAwait(false);
        return keystore;
    }

    public Task<IReadOnlyList<KeystoreAuditRecord>> AuditAsync(int last, CancellationToken cancellationToken = default) =>
        _audit?.ReadAsync(last, cancellationToken) ?? Task.FromResult<IReadOnlyList<KeystoreAuditRecord>>([]);

    public DateTimeOffset PurgeableFrom(KeyHistoryEntry retired) => retired.RetiredAt + Options.EffectiveHistoryRetention;

    /// <summary>Creates a key pair with a self-signed certificate under a new alias; what signs requests does not change.</summary>
    public async Task<KeystoreChange> CreateAsync(ChangeContext change, string alias, KeyAlgorithm algorithm, string? subject = null, TimeSpan? validity = null, CancellationToken cancellationToken = default)
    {
        if (!KeyAlias.IsValid(alias)) return RefusedNow(KeystoreError.InvalidAlias, KeyAlias.Refusal(alias));
        if (Current.Find(alias) is not null) return RefusedNow(KeystoreError.DuplicateAlias, DuplicateMessage(alias));
        var span = validity ?? TimeSpan.FromDays(2 * 365);
        if (span <= TimeSpan.Zero) return RefusedNow(KeystoreError.InvalidRequest, "validity must be positive");
        if (subject is { Length: > MaxSubjectLength })
            return RefusedNow(KeystoreError.InvalidRequest, $"subject must be at most {MaxSubjectLength} characters, this one has {subject.Length}");
        string dn;
        try { dn = new X500DistinguishedName(string.IsNullOrWhiteSpace(subject) ? $"CN={alias}" : subject).Name; }
        catch (CryptographicException) { return RefusedNow(KeystoreError.InvalidRequest, $"subject '{subject}' is not a distinguished name"); }
        if (dn.Length == 0) return RefusedNow(KeystoreError.InvalidRequest, $"subject '{subject}' is not a distinguished name");

        // Key generation takes up to seconds for RSA 4096: outside the change lock.
        var now = _time.GetUtcNow();
        X509Certificate2 certificate;
        try { certificate = CertificateFactory.CreateSelfSigned(dn, algorithm, now.AddMinutes(-5), now + span); }
        catch (CryptographicException) { return RefusedNow(KeystoreError.InvalidRequest, "no certificate can be made with this subject"); }
        var created = new SenderKeyPair(alias, certificate, now);
        return await ChangeAsync(change, current =>
        {
            if (current.Find(alias) is not null) return Duplicate(alias);
            return Accept(current.KeyPairs.Add(alias, created), current.History, current.Signing,
                $"created key pair '{alias}' ({algorithm.Format()}, {created.Fingerprint})", ("created", alias, null, created.Fingerprint), created);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Exchange keeping the alias: the key pair under <paramref name="from"/> moves under <paramref name="alias"/> (its own
    /// alias disappears) and the key pair it replaces goes to the key history. With the signing alias, the next request is
    /// signed with the new key.
    /// </summary>
    public Task<KeystoreChange> ExchangeAsync(ChangeContext change, string alias, string from, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            if (SenderKeystoreSnapshot.AliasComparer.Equals(alias, from)) return Refused(KeystoreError.InvalidRequest, "an alias cannot be exchanged with itself");
            if (current.Find(alias) is not { } replaced) return Unknown(alias);
            if (current.Find(from) is not { } incoming) return Unknown(from);
            if (SenderKeystoreSnapshot.AliasComparer.Equals(from, current.SigningAlias))
                return Refused(KeystoreError.AliasInUse, $"'{from}' is the signing alias; its key pair cannot be consumed by an exchange");
            var now = _time.GetUtcNow();
            var retired = new KeyHistoryEntry(Guid.CreateVersion7(now).ToString("N"), replaced.Alias, replaced.Certificate, replaced.CreatedAt, now, replaced.SigningKey);
            var exchanged = incoming.MovedTo(replaced.Alias);
            return Accept(current.KeyPairs.Remove(from).SetItem(replaced.Alias, exchanged), current.History.Add(retired), current.Signing,
                $"exchanged the key pair under '{replaced.Alias}' ({replaced.Fingerprint}) for the one from '{incoming.Alias}' ({incoming.Fingerprint}); the old one is in the key history as {retired.Id}",
                ("exchanged", replaced.Alias, replaced.Fingerprint, exchanged.Fingerprint), exchanged, retired);
        }, cancellationToken);

    /// <summary>Purges a key history entry; refused until it has been retired for the retention period (at least 90 days).</summary>
    public Task<KeystoreChange> PurgeHistoryAsync(ChangeContext change, string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            if (current.FindHistory(id) is not { } retired) return Refused(KeystoreError.UnknownHistoryEntry, $"no key history entry '{id}'");
            var purgeableFrom = PurgeableFrom(retired);
            if (_time.GetUtcNow() < purgeableFrom)
                return Refused(KeystoreError.PurgeTooEarly,
                    $"key history entry '{id}' was retired at {retired.RetiredAt:O} and is kept until {purgeableFrom:O} ({Options.EffectiveHistoryRetention.TotalDays:0} days)");
            return Accept(current.KeyPairs, current.History.Remove(retired), current.Signing,
                $"purged key history entry '{id}' ({retired.Fingerprint})", ("purged", retired.Alias, retired.Fingerprint, null), retired: retired);
        }, cancellationToken);

    /// <summary>Switches request signing on or off and chooses the key reference; takes effect on the next request.</summary>
    public Task<KeystoreChange> SetSigningAsync(ChangeContext change, RequestSigningSettings signing, CancellationToken cancellationToken = default) =>
        ChangeAsync(change, current =>
        {
            if (signing.Problem is { } problem) return Refused(KeystoreError.InvalidRequest, problem);
            var what = signing.Enabled ? $"requests signed with '{current.SigningAlias}' ({signing.KeyReference})" : "requests unsigned";
            if (signing == current.Signing) return new Decision(KeystoreError.None, $"already {what}", current.KeyPairs, current.History, signing, null, null, null, Unchanged: true);
            var fingerprint = current.SigningKeyPair?.Fingerprint;
            return Accept(current.KeyPairs, current.History, signing, what,
                (signing.Enabled ? "signing-on" : "signing-off", current.SigningAlias, fingerprint, fingerprint));
        }, cancellationToken);

    /// <param name="change">Who changes the keystore (recorded in the audit trail) and the revision they saw (If-Match).</param>
    private async Task<KeystoreChange> ChangeAsync(ChangeContext change, Func<SenderKeystoreSnapshot, Decision> decide, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Current;
            // If-Match, checked under the change lock: an administrator who saw an older revision does not overwrite a newer one.
            if (change.ExpectedVersion is { } expected && expected != current.Revision)
                return new KeystoreChange(KeystoreError.PreconditionFailed, $"the keystore is at revision {current.Revision}, not {expected} (If-Match); read it again and retry", current);
            var decision = decide(current);
            if (decision.Error != KeystoreError.None) return new KeystoreChange(decision.Error, decision.Message, current);
            if (decision.Unchanged) return new KeystoreChange(KeystoreError.None, decision.Message, current);
            var next = new SenderKeystoreSnapshot(current.Revision + 1, _time.GetUtcNow(), current.SigningAlias, decision.KeyPairs, decision.History, decision.Signing);
            // Disk first: if persisting fails, memory still agrees with the file and the caller sees the exception.
            if (_file is not null) await _file.SaveAsync(next, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, next);
            var (action, alias, oldFingerprint, newFingerprint) = decision.Audit!.Value;
            await AppendAuditAsync(change.Who, action, alias, oldFingerprint, newFingerprint, next).ConfigureAwait(false);
            return new KeystoreChange(KeystoreError.None, decision.Message, next, decision.KeyPair, decision.Retired);
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task AppendAuditAsync(string who, string action, string alias, string? oldFingerprint, string? newFingerprint, SenderKeystoreSnapshot after)
    {
        if (_audit is null) return;
        await _audit.AppendAsync([new KeystoreAuditRecord(after.ChangedAt, who, action, alias, oldFingerprint, newFingerprint, after.Revision)])
            .ConfigureAwait(false);
    }

    private static SenderKeystoreSnapshot Seed(SenderKeystoreOptions options, DateTimeOffset now)
    {
        var certificate = CertificateFactory.CreateSelfSigned($"CN={options.SigningAlias},O=Rotation sender", options.SeedAlgorithm, now.AddMinutes(-5), now.AddYears(2));
        var keyPairs = ImmutableDictionary<string, SenderKeyPair>.Empty.WithComparers(SenderKeystoreSnapshot.AliasComparer)
            .Add(options.SigningAlias, new SenderKeyPair(options.SigningAlias, certificate, now));
        return new SenderKeystoreSnapshot(1, now, options.SigningAlias, keyPairs, [], options.Signing ?? RequestSigningSettings.Off);
    }

    private static void ThrowOnProblems(SenderKeystoreOptions options)
    {
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
    }

    private static Decision Refused(KeystoreError error, string message) => new(error, message, [], [], RequestSigningSettings.Off, null, null, null, false);

    private static Decision Accept(ImmutableDictionary<string, SenderKeyPair> keyPairs, ImmutableList<KeyHistoryEntry> history, RequestSigningSettings signing, string message,
        (string, string, string?, string?) audit, SenderKeyPair? keyPair = null, KeyHistoryEntry? retired = null) =>
        new(KeystoreError.None, message, keyPairs, history, signing, audit, keyPair, retired, false);

    private static string DuplicateMessage(string alias) => $"alias '{alias}' already exists";
    private static Decision Duplicate(string alias) => Refused(KeystoreError.DuplicateAlias, DuplicateMessage(alias));
    private static Decision Unknown(string alias) => Refused(KeystoreError.UnknownAlias, $"no key pair with alias '{alias}'");

    private readonly record struct Decision(KeystoreError Error, string Message, ImmutableDictionary<string, SenderKeyPair> KeyPairs, ImmutableList<KeyHistoryEntry> History,
        RequestSigningSettings Signing, (string Action, string Alias, string? OldFingerprint, string? NewFingerprint)? Audit, SenderKeyPair? KeyPair, KeyHistoryEntry? Retired, bool Unchanged);

    private KeystoreChange RefusedNow(KeystoreError error, string message) => new(error, message, Current);
}
