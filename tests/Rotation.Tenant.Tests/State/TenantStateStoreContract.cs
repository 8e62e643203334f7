using System.Collections.Immutable;
using Rotation.Shared.Certificates;
using Rotation.Shared.Keys;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Audit;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Signing;
using Rotation.Tenant.State;

using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.State;

/// <summary>
/// What every <see cref="ITenantStateStore"/> must do (docs/DESIGN.md §4a), written once: a store implementation gets
/// its test class by deriving from this one and saying how to make a store over empty storage and how to open the same
/// storage again (as after a restart). The data directory runs it in <see cref="FileTenantStateStoreTests"/>.
/// </summary>
public abstract class TenantStateStoreContract
{
    private static readonly DateTimeOffset Now = TestCertificates.Epoch;

    protected static readonly TenantState Initial = TenantState.Initial(
        new SignerStep { Alias = "tenant-signing", TimestampTimeToLive = TimeSpan.FromMinutes(3) },
        new FlowSettings { ProcessingLatency = TimeSpan.FromMilliseconds(5) });

    /// <summary>A store over new, empty storage. Called once per test.</summary>
    protected abstract Task<ITenantStateStore> CreateStoreAsync();

    /// <summary>Another store over the storage of the one <see cref="CreateStoreAsync"/> made, as a restarted tenant opens it.</summary>
    protected abstract Task<ITenantStateStore> ReopenAsync();

    [StoreFact]
    public async Task Empty_storage_loads_the_initial_state()
    {
        var store = await CreateStoreAsync();
        var loaded = await store.LoadAsync(Initial, default);
        Assert.Equal(0, loaded.Generation);
        Assert.Empty(loaded.Keystore.Entries);
        Assert.Equal(Initial.SignerStep, loaded.SignerStep);
        Assert.Equal(Initial.Flow, loaded.Flow);
        Assert.Empty(await store.ReadAuditAsync(10, default));
    }

    [StoreFact]
    public async Task A_commit_is_the_next_generation_and_a_reopened_store_loads_all_of_it()
    {
        var store = await CreateStoreAsync();
        var before = await store.LoadAsync(Initial, default);
        var after = Full(before);

        var outcome = await store.CommitAsync(new StateCommit(before, after, Records(after, "key-pair-added")), default);

        Assert.Equal(CommitOutcome.Success(1), outcome);
        var loaded = await (await ReopenAsync()).LoadAsync(Initial, default);
        Assert.Equal(1, loaded.Generation);
        AssertSameKeystore(after.Keystore, loaded.Keystore);
        Assert.True(loaded.Keystore.Find("tenant-signing")!.Certificate.HasPrivateKey);
        Assert.False(loaded.Keystore.Find("partner")!.Certificate.HasPrivateKey);
        Assert.Null(loaded.Keystore.SigningKeyFor("partner"));
        // A retired key pair keeps its private key: a pinned signer step signs with it.
        var retired = Assert.Single(loaded.Keystore.History);
        Assert.NotNull(loaded.Keystore.SigningKeyByFingerprint(retired.Fingerprint));
        AssertSameSignerStep(after.SignerStep, loaded.SignerStep);
        Assert.Equal(after.Flow, loaded.Flow);
    }

    [StoreFact]
    public async Task A_commit_from_a_stale_generation_is_a_conflict_and_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var before = await store.LoadAsync(Initial, default);
        var first = Full(before);
        Assert.True((await store.CommitAsync(new StateCommit(before, first, Records(first, "first")), default)).Committed);

        var second = before with { Generation = 1, Flow = new FlowSettings { FailureShare = 1 } };
        var outcome = await store.CommitAsync(new StateCommit(before, second, Records(second, "second")), default);

        Assert.Equal(CommitOutcome.Conflict(1), outcome);
        var loaded = await (await ReopenAsync()).LoadAsync(Initial, default);
        Assert.Equal(first.Flow, loaded.Flow);
        AssertSameKeystore(first.Keystore, loaded.Keystore);
        Assert.Equal(["first"], (await store.ReadAuditAsync(10, default)).Select(r => r.Action));
    }

    [StoreFact]
    public async Task Of_concurrent_commits_from_one_generation_exactly_one_wins()
    {
        var store = await CreateStoreAsync();
        var before = await store.LoadAsync(Initial, default);
        var candidates = Enumerable.Range(1, 6)
            .Select(i => before with { Generation = 1, Flow = new FlowSettings { ProcessingLatency = TimeSpan.FromMilliseconds(i) } })
            .ToList();

        var outcomes = await Task.WhenAll(candidates.Select(c => Task.Run(() => store.CommitAsync(new StateCommit(before, c, Records(c, "flow-changed")), default))));

        Assert.Single(outcomes, o => o.Committed);
        Assert.All(outcomes.Where(o => !o.Committed), o => Assert.Equal(1, o.Generation));
        var winner = candidates[Array.FindIndex(outcomes, o => o.Committed)];
        Assert.Equal(winner.Flow, (await (await ReopenAsync()).LoadAsync(Initial, default)).Flow);
        Assert.Single(await store.ReadAuditAsync(10, default));
    }

    [StoreFact]
    public async Task Generations_continue_across_a_reopen_and_the_audit_keeps_every_commit_in_order()
    {
        var store = await CreateStoreAsync();
        var state = await store.LoadAsync(Initial, default);
        foreach (var action in new[] { "one", "two" })
        {
            var next = state with { Generation = state.Generation + 1, Flow = new FlowSettings { FailureShare = state.Generation / 10.0 } };
            Assert.True((await store.CommitAsync(new StateCommit(state, next, Records(next, action)), default)).Committed);
            state = next;
        }

        var reopened = await ReopenAsync();
        var loaded = await reopened.LoadAsync(Initial, default);
        Assert.Equal(2, loaded.Generation);
        var stale = loaded with { Generation = 1 };
        Assert.Equal(CommitOutcome.Conflict(2), await reopened.CommitAsync(new StateCommit(stale, loaded, Records(loaded, "stale")), default));
        var third = loaded with { Generation = 3, SignerStep = loaded.SignerStep with { KeyReference = KeyReference.IssuerSerial } };
        Assert.Equal(CommitOutcome.Success(3), await reopened.CommitAsync(new StateCommit(loaded, third, Records(third, "three")), default));

        var audit = await reopened.ReadAuditAsync(100, default);
        Assert.Equal(["one", "two", "three"], audit.Select(r => r.Action));
        Assert.Equal([1L, 2L, 3L], audit.Select(r => r.Generation));
        Assert.Equal(["two", "three"], (await reopened.ReadAuditAsync(2, default)).Select(r => r.Action));
        Assert.Equal(KeyReference.IssuerSerial, (await (await ReopenAsync()).LoadAsync(Initial, default)).SignerStep.KeyReference);
    }

    [StoreFact]
    public async Task A_change_of_the_signer_step_alone_keeps_the_keystore()
    {
        var store = await CreateStoreAsync();
        var before = await store.LoadAsync(Initial, default);
        var keys = Full(before);
        Assert.True((await store.CommitAsync(new StateCommit(before, keys, Records(keys, "keys")), default)).Committed);
        var signer = keys with { Generation = 2, SignerStep = keys.SignerStep with { KeyFingerprint = null, Algorithm = SignatureAlgorithm.EcdsaSha384 } };

        Assert.True((await store.CommitAsync(new StateCommit(keys, signer, Records(signer, "signer-step-changed")), default)).Committed);

        var loaded = await (await ReopenAsync()).LoadAsync(Initial, default);
        AssertSameKeystore(keys.Keystore, loaded.Keystore);
        AssertSameSignerStep(signer.SignerStep, loaded.SignerStep);
    }

    [StoreFact]
    public async Task Instants_come_back_to_the_tick_as_committed()
    {
        var store = await CreateStoreAsync();
        var before = await store.LoadAsync(Initial, default);
        var full = Full(before);
        // What a TimeProvider gives: 100 ns ticks, finer than a database timestamp keeps.
        var entry = full.Keystore.Find("tenant-signing")!;
        var retired = full.Keystore.History[0];
        var keystore = new KeystoreSnapshot(
            full.Keystore.Entries.SetItem(entry.Alias, KeystoreEntry.ForKeyPair(entry.Alias, entry.Certificate, Now.AddTicks(1234567), Now.AddTicks(7654321))),
            [new KeyHistoryEntry(retired.Id, retired.Alias, retired.Certificate, Now.AddTicks(-9), Now.AddTicks(3))]);
        var after = full with { Keystore = keystore };
        var audit = new AuditRecord(Now.AddTicks(42), "contract", "ticks", "subject", null, null, after.Generation);

        Assert.True((await store.CommitAsync(new StateCommit(before, after, [audit]), default)).Committed);

        var reopened = await ReopenAsync();
        AssertSameKeystore(after.Keystore, (await reopened.LoadAsync(Initial, default)).Keystore);
        Assert.Equal(audit, Assert.Single(await reopened.ReadAuditAsync(10, default)));
    }

    [StoreFact]
    public async Task The_backup_keystore_comes_back_with_its_key_pairs_and_outlives_later_keystore_changes()
    {
        var (store, full) = await CommitFullAsync();
        Assert.False((await (await ReopenAsync()).LoadAsync(Initial, default)).Keystore.Backup.Exists);
        // A key pair only the backup holds: its private key is kept at rest as the keystore's own are (docs/DESIGN.md §9).
        var backedUpOnly = KeyPair("CN=backed up only");
        var backup = new KeystoreBackup(full.Keystore.Entries.Add("old-signing", KeystoreEntry.ForKeyPair("old-signing", backedUpOnly, Now.AddDays(-5), Now.AddDays(-4))), Now.AddTicks(777));
        var backedUp = full with { Generation = 2, Keystore = new KeystoreSnapshot(full.Keystore.Entries, full.Keystore.History, backup) };
        Assert.True((await store.CommitAsync(new StateCommit(full, backedUp, Records(backedUp, ChangeAudit.BackedUp)), default)).Committed);
        // Then the keystore loses the certificate the backup still holds.
        var trimmed = backedUp with { Generation = 3, Keystore = new KeystoreSnapshot(backedUp.Keystore.Entries.Remove("partner"), backedUp.Keystore.History, backup) };
        Assert.True((await store.CommitAsync(new StateCommit(backedUp, trimmed, Records(trimmed, "entry-deleted")), default)).Committed);

        var loaded = (await (await ReopenAsync()).LoadAsync(Initial, default)).Keystore;
        AssertSameKeystore(trimmed.Keystore, loaded);
        Assert.Equal(backup.MadeAt, loaded.Backup.MadeAt);
        Assert.Equal(["old-signing", "partner", "tenant-signing"], loaded.Backup.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(CertificateInfo.Fingerprint(backedUpOnly), loaded.Backup.Find("old-signing")!.Fingerprint);
        Assert.True(loaded.Backup.Find("old-signing")!.Certificate.HasPrivateKey);
        Assert.True(loaded.Backup.Find("tenant-signing")!.Certificate.HasPrivateKey);
        Assert.Equal(EntryKind.Certificate, loaded.Backup.Find("partner")!.Kind);
        Assert.False(loaded.Backup.Find("partner")!.Certificate.HasPrivateKey);
        Assert.Null(loaded.Find("partner"));
    }

    /// <summary>A new store with <see cref="Full"/> committed as generation 1.</summary>
    protected async Task<(ITenantStateStore Store, TenantState Committed)> CommitFullAsync()
    {
        var store = await CreateStoreAsync();
        var before = await store.LoadAsync(Initial, default);
        var after = Full(before);
        Assert.True((await store.CommitAsync(new StateCommit(before, after, Records(after, "keys")), default)).Committed);
        return (store, after);
    }

    /// <summary>A state with a key pair, a certificate, a retired key pair, a pinned signer step with an alias header, and flow settings.</summary>
    protected static TenantState Full(TenantState before)
    {
        var current = KeyPair("CN=current");
        var retired = KeyPair("CN=retired");
        var partner = KeyPair("CN=partner");
        var entries = ImmutableDictionary.Create<string, KeystoreEntry>(KeystoreSnapshot.AliasComparer)
            .Add("tenant-signing", KeystoreEntry.ForKeyPair("tenant-signing", current, Now.AddDays(-2), Now.AddDays(-1)))
            .Add("partner", KeystoreEntry.ForCertificate("partner", partner, Now, Now));
        var history = ImmutableList.Create(new KeyHistoryEntry("h1", "tenant-signing", retired, Now.AddDays(-9), Now.AddDays(-1)));
        var step = before.SignerStep with
        {
            AliasHeader = "X-Signer-Alias",
            AllowedAliases = ["next", "spare"],
            KeyFingerprint = CertificateInfo.Fingerprint(retired),
            TimestampTimeToLive = TimeSpan.FromSeconds(90),
        };
        return new TenantState(before.Generation + 1, new KeystoreSnapshot(entries, history), step, new FlowSettings
        {
            ProcessingLatency = TimeSpan.FromMilliseconds(150),
            FailureShare = 0.25,
            // Inbound verification travels with the flow (docs/DESIGN.md §10), an alias not imported yet included.
            Inbound = new Rotation.Tenant.Inbound.InboundVerification { Mode = Rotation.Tenant.Contracts.InboundVerificationMode.Required, PublicKeyAliases = ["partner", "partner-next"] },
        });
    }

    protected static IReadOnlyList<AuditRecord> Records(TenantState after, string action) =>
        [new AuditRecord(Now, "contract", action, "subject", null, null, after.Generation)];

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 KeyPair(string subject) =>
        TestCertificates.AtEpoch(subject, KeyAlgorithm.EcP256, TimeSpan.FromDays(-10), TimeSpan.FromDays(365));

    private static void AssertSameKeystore(KeystoreSnapshot expected, KeystoreSnapshot actual)
    {
        Assert.Equal(
            expected.Entries.Values.OrderBy(e => e.Alias).Select(e => (e.Alias, e.Kind, e.Fingerprint, e.CreatedAt, e.UpdatedAt)),
            actual.Entries.Values.OrderBy(e => e.Alias).Select(e => (e.Alias, e.Kind, e.Fingerprint, e.CreatedAt, e.UpdatedAt)));
        Assert.Equal(
            expected.History.Select(h => (h.Id, h.Alias, h.Fingerprint, h.CreatedAt, h.RetiredAt)),
            actual.History.Select(h => (h.Id, h.Alias, h.Fingerprint, h.CreatedAt, h.RetiredAt)));
    }

    private static void AssertSameSignerStep(SignerStep expected, SignerStep actual)
    {
        Assert.Equal(expected with { AllowedAliases = [] }, actual with { AllowedAliases = [] });
        Assert.Equal(expected.AllowedAliases, actual.AllowedAliases);
    }
}
