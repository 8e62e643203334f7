using System.Text.Json;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Sender.Contracts;
using Rotation.Shared.Admin;

namespace Rotation.Sender.Tests;

[Collection(SenderCollection.Name)]
public sealed class TrustStoreTests(TestKeys keys) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-trust-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_new_store_is_seeded_persisted_and_reloaded_with_mode_entries_revision_and_counts()
    {
        var store = await TrustStore.OpenAsync(_dir, TrustMode.Overlap, [TestKeys.Public(keys.Old)]);
        Assert.True(store.SeededNew);
        Assert.True((await store.AddAsync(ChangeContext.System, TestKeys.Public(keys.New))).Succeeded);
        store.RecordVerified(keys.Old.Fingerprint);
        store.RecordVerified(keys.Old.Fingerprint);
        await store.FlushAsync();

        // The seed is ignored once a store exists.
        var reloaded = await TrustStore.OpenAsync(_dir, TrustMode.Single, [TestKeys.Public(keys.Stranger)]);

        Assert.False(reloaded.SeededNew);
        Assert.Equal(TrustMode.Overlap, reloaded.Current.Mode);
        Assert.Equal(store.Current.Revision, reloaded.Current.Revision);
        Assert.Equal([keys.Old.Fingerprint, keys.New.Fingerprint], reloaded.Current.Entries.Select(e => e.Fingerprint));
        Assert.Equal(2, reloaded.VerifiedCount(keys.Old.Fingerprint));
        Assert.All(reloaded.Current.Entries, e => Assert.False(e.Certificate.HasPrivateKey));
        Assert.Equal(2, reloaded.Current.Set.Certificates.Length);
    }

    [Fact]
    public async Task The_file_is_json_with_pem_certificates_and_no_temp_files_are_left()
    {
        var store = await TrustStore.OpenAsync(_dir, TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await store.ExchangeAsync(ChangeContext.System, TestKeys.Public(keys.New));

        // Besides the store only its audit trail: no temp file is left behind.
        Assert.Equal([TrustStoreFile.FileName], Directory.GetFiles(_dir).Select(Path.GetFileName).Where(f => f != "trust-audit.log"));
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, TrustStoreFile.FileName)));
        var certificates = document.RootElement.GetProperty("certificates");
        Assert.Equal(1, certificates.GetArrayLength());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", certificates[0].GetProperty("pem").GetString());
        Assert.Equal(keys.New.Fingerprint, certificates[0].GetProperty("fingerprint").GetString());
        Assert.Equal("Single", document.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Single_mode_holds_exactly_one_certificate_and_exchanges_it_in_one_step()
    {
        var store = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        var before = store.Current;

        var add = await store.AddAsync(ChangeContext.System, TestKeys.Public(keys.New));
        var remove = await store.RemoveAsync(ChangeContext.System, keys.Old.Fingerprint);
        var exchange = await store.ExchangeAsync(ChangeContext.System, TestKeys.Public(keys.New));

        Assert.Equal(TrustError.SingleModeHoldsOne, add.Error);
        Assert.Equal(TrustError.SingleModeHoldsOne, remove.Error);
        Assert.True(exchange.Succeeded);
        Assert.Equal(keys.New.Fingerprint, Assert.Single(store.Current.Entries).Fingerprint);
        Assert.Equal(before.Revision + 1, store.Current.Revision);
        // The old snapshot is untouched: readers holding it still see the old certificate.
        Assert.Equal(keys.Old.Fingerprint, Assert.Single(before.Entries).Fingerprint);
    }

    [Fact]
    public async Task Overlap_mode_adds_and_removes_but_never_the_last_certificate()
    {
        var store = TrustStore.InMemory(TrustMode.Overlap, [TestKeys.Public(keys.Old)]);

        Assert.True((await store.AddAsync(ChangeContext.System, TestKeys.Public(keys.New))).Succeeded);
        Assert.Equal(TrustError.AlreadyTrusted, (await store.AddAsync(ChangeContext.System, TestKeys.Public(keys.New))).Error);
        Assert.Equal(TrustError.ModeNeedsExactlyOne, (await store.SetModeAsync(ChangeContext.System, TrustMode.Single)).Error);
        var colons = string.Join(':', keys.Old.Fingerprint.ToUpperInvariant().Chunk(2).Select(c => new string(c)));
        Assert.True((await store.RemoveAsync(ChangeContext.System, colons)).Succeeded);
        Assert.Equal(TrustError.NotFound, (await store.RemoveAsync(ChangeContext.System, keys.Old.Fingerprint)).Error);
        Assert.Equal(TrustError.WouldBeEmpty, (await store.RemoveAsync(ChangeContext.System, keys.New.Fingerprint)).Error);
        Assert.True((await store.SetModeAsync(ChangeContext.System, TrustMode.Single)).Succeeded);
        Assert.Equal(TrustMode.Single, store.Current.Mode);
    }

    [Fact]
    public async Task A_private_key_handed_in_never_reaches_the_store()
    {
        var store = await TrustStore.OpenAsync(_dir, TrustMode.Single, [keys.Old.Certificate]);

        Assert.True(keys.Old.Certificate.HasPrivateKey);
        Assert.False(Assert.Single(store.Current.Entries).Certificate.HasPrivateKey);
        Assert.DoesNotContain("PRIVATE KEY", await File.ReadAllTextAsync(store.FilePath!));
    }
}
