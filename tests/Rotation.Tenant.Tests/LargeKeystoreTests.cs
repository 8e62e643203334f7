using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Persistence;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// The key history keeps every retired key pair for at least 90 days: a keystore with hundreds of them must
/// still load. (Found by the 50-kill crash harness: past 200 entries .NET's default PKCS#12 limits refused
/// the file, reported as a wrong password.)
/// </summary>
public sealed class LargeKeystoreTests
{
    [Fact]
    public async Task A_keystore_with_more_key_pairs_than_the_default_pkcs12_limits_saves_and_loads()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            var now = DateTimeOffset.UtcNow;
            X509Certificate2 New(int i) => CertificateFactory.CreateSelfSigned($"CN=key {i}, O=Rotation", KeyAlgorithm.EcP256, now.AddDays(-1), now.AddDays(30));
            var history = Enumerable.Range(0, 260)
                .Select(i => new KeyHistoryEntry($"h{i:D4}", "tenant-signing", New(i), now.AddDays(-200), now.AddDays(-100 + i / 10.0)))
                .ToImmutableList();
            var current = KeystoreEntry.ForKeyPair("tenant-signing", New(999), now, now);
            var snapshot = new KeystoreSnapshot(7, ImmutableDictionary.Create<string, KeystoreEntry>(KeystoreSnapshot.AliasComparer).Add("tenant-signing", current), history);
            var file = new KeystoreFile(new DataDirectory(dir), "large-keystore-password");

            await file.SaveAsync(snapshot);
            var loaded = file.Load();

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
            var entry = KeystoreEntry.ForKeyPair("a", CertificateFactory.CreateSelfSigned("CN=a", KeyAlgorithm.EcP256, now.AddDays(-1), now.AddDays(1)), now, now);
            var snapshot = new KeystoreSnapshot(1, ImmutableDictionary.Create<string, KeystoreEntry>(KeystoreSnapshot.AliasComparer).Add("a", entry), []);
            await new KeystoreFile(new DataDirectory(dir), "right").SaveAsync(snapshot);

            var error = Assert.Throws<InvalidOperationException>(() => new KeystoreFile(new DataDirectory(dir), "wrong").Load());
            Assert.Contains("password", error.Message);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }
}
