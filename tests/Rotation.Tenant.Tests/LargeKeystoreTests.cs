using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.Keys;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Persistence;
using Rotation.Tenant.Signing;
using Rotation.Tenant.State;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// The key history keeps every retired key pair for at least 90 days: a keystore with hundreds of them must
/// still load. (Found by the 50-kill crash harness: past 200 entries .NET's default PKCS#12 limits refused
/// the file, reported as a wrong password.)
/// </summary>
public sealed class LargeKeystoreTests
{
    private static readonly TenantState Initial = TenantState.Initial(new SignerStep { Alias = "a" }, new FlowSettings());

    private static async Task CommitAsync(FileTenantStateStore store, KeystoreSnapshot keystore)
    {
        var before = await store.LoadAsync(Initial, default);
        var outcome = await store.CommitAsync(new StateCommit(before, before with { Generation = before.Generation + 1, Keystore = keystore }, []), default);
        Assert.True(outcome.Committed);
    }

    [Fact]
    public async Task A_keystore_with_more_key_pairs_than_the_default_pkcs12_limits_saves_and_loads()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            var now = DateTimeOffset.UtcNow;
            X509Certificate2 New(int i) => TestCertificates.CurrentlyValid($"CN=key {i}, O=Rotation", KeyAlgorithm.EcP256);
            var history = Enumerable.Range(0, 260)
                .Select(i => new KeyHistoryEntry($"h{i:D4}", "tenant-signing", New(i), now.AddDays(-200), now.AddDays(-100 + i / 10.0)))
                .ToImmutableList();
            var current = KeystoreEntry.ForKeyPair("tenant-signing", New(999), now, now);
            var snapshot = new KeystoreSnapshot(ImmutableDictionary.Create<string, KeystoreEntry>(KeystoreSnapshot.AliasComparer).Add("tenant-signing", current), history);
            using var directory = DataDirectory.Open(dir);
            await CommitAsync(new FileTenantStateStore(directory, "large-keystore-password"), snapshot);
            var loaded = (await new FileTenantStateStore(directory, "large-keystore-password").LoadAsync(Initial, default)).Keystore;

            Assert.Equal(260, loaded.History.Count);
            Assert.Equal(history.Select(h => h.Fingerprint), loaded.History.Select(h => h.Fingerprint));
            Assert.All(loaded.History, h => Assert.True(h.Certificate.HasPrivateKey));
            Assert.Equal(current.Fingerprint, loaded.Find("tenant-signing")!.Fingerprint);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_still_reported_as_one()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            var now = DateTimeOffset.UtcNow;
            var entry = KeystoreEntry.ForKeyPair("a", TestCertificates.CurrentlyValid("CN=a", KeyAlgorithm.EcP256, days: 1), now, now);
            var snapshot = new KeystoreSnapshot(ImmutableDictionary.Create<string, KeystoreEntry>(KeystoreSnapshot.AliasComparer).Add("a", entry), []);
            using var directory = DataDirectory.Open(dir);
            await CommitAsync(new FileTenantStateStore(directory, "right"), snapshot);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new FileTenantStateStore(directory, "wrong").LoadAsync(Initial, default));
            Assert.Contains("password", error.Message);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }
}
