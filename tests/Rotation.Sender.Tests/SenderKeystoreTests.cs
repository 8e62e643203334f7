using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Rotation.Sender.Admin;
using Rotation.Sender.Keys;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Tests;

/// <summary>The sender keystore (docs/DESIGN.md §10): create, exchange keeping the alias, key history and its retention, persistence and crashes.</summary>
public sealed class SenderKeystoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-keystore-").FullName;
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SenderKeystoreOptions _options = new() { SeedAlgorithm = KeyAlgorithm.EcP256 };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<SenderKeystore> Open(SenderKeystoreOptions? options = null) => SenderKeystore.OpenAsync(_dir, options ?? _options, _time);

    private string KeystorePath => Path.Combine(_dir, SenderKeystoreFile.FileName);

    [Fact]
    public async Task A_new_keystore_holds_one_key_pair_under_the_signing_alias_signs_nothing_and_reloads_the_same()
    {
        var keystore = await Open();
        var seeded = keystore.Current.SigningKeyPair!;

        var reloaded = await Open(_options with { SigningAlias = "ignored-once-it-exists" });

        Assert.True(keystore.SeededNew);
        Assert.False(reloaded.SeededNew);
        Assert.Equal("sender", reloaded.Current.SigningAlias);
        Assert.Equal(seeded.Fingerprint, reloaded.Current.SigningKeyPair!.Fingerprint);
        Assert.Equal("EC-P256", seeded.Algorithm);
        Assert.True(reloaded.Current.SigningKeyPair!.Certificate.HasPrivateKey);
        Assert.False(reloaded.Current.Signing.Enabled);
        Assert.Null(reloaded.Current.Signature);
    }

    [Fact]
    public async Task The_command_line_signing_settings_win_over_the_stored_ones_and_are_audited()
    {
        await Open();
        var on = await Open(_options with { Signing = new RequestSigningSettings(true, KeyReference.IssuerSerial) });
        var kept = await Open();

        Assert.Equal(KeyReference.IssuerSerial, on.Current.Signature!.Settings.KeyReference);
        Assert.Equal(SignatureAlgorithm.EcdsaSha256, on.Current.Signature!.Settings.Algorithm);
        Assert.True(kept.Current.Signing.Enabled);
        Assert.Equal(["created", "signing-on"], (await kept.AuditAsync(10)).Select(r => r.Action));
    }

    [Theory]
    [InlineData("RSA-2048")]
    [InlineData("EC-P384")]
    public async Task Create_adds_a_key_pair_under_a_new_alias_and_leaves_the_signing_key_alone(string algorithm)
    {
        var keystore = await Open(_options with { Signing = new RequestSigningSettings(true) });
        var signing = keystore.Current.Signature!.Key.Fingerprint;

        var change = await keystore.CreateAsync(ChangeContext.System, "sender-2026", KeyAlgorithmText.Parse(algorithm), "CN=Sender 2026,O=Rotation");

        Assert.True(change.Succeeded, change.Message);
        Assert.Equal(algorithm, change.KeyPair!.Algorithm);
        Assert.Equal("CN=Sender 2026, O=Rotation", change.KeyPair.PublicCertificate.Subject);
        Assert.False(change.KeyPair.PublicCertificate.HasPrivateKey);
        Assert.Equal(signing, keystore.Current.Signature!.Key.Fingerprint);
        Assert.Equal(2, (await Open()).Current.KeyPairs.Count);
    }

    [Theory]
    [InlineData("sender", KeystoreError.DuplicateAlias)]
    [InlineData("SENDER", KeystoreError.DuplicateAlias)]
    [InlineData("-starts-with-a-dash", KeystoreError.InvalidAlias)]
    [InlineData("has space", KeystoreError.InvalidAlias)]
    [InlineData("", KeystoreError.InvalidAlias)]
    public async Task Create_refuses_a_taken_or_invalid_alias_and_changes_nothing(string alias, KeystoreError expected)
    {
        var keystore = await Open();
        var before = keystore.Current;

        var change = await keystore.CreateAsync(ChangeContext.System, alias, KeyAlgorithm.EcP256);

        Assert.Equal(expected, change.Error);
        Assert.Same(before, keystore.Current);
    }

    [Fact]
    public async Task Create_refuses_a_subject_that_is_no_distinguished_name()
    {
        var keystore = await Open();

        var change = await keystore.CreateAsync(ChangeContext.System, "next", KeyAlgorithm.EcP256, "this is = not, a = = DN");

        Assert.Equal(KeystoreError.InvalidRequest, change.Error);
        Assert.Null(keystore.Current.Find("next"));
    }

    [Fact]
    public async Task Exchange_keeps_the_alias_puts_the_new_key_pair_under_it_and_the_old_one_in_the_history()
    {
        var keystore = await Open(_options with { Signing = new RequestSigningSettings(true) });
        var old = keystore.Current.SigningKeyPair!;
        var next = (await keystore.CreateAsync(ChangeContext.System, "sender-2026", KeyAlgorithm.EcP256)).KeyPair!;
        _time.Advance(TimeSpan.FromHours(1));

        var change = await keystore.ExchangeAsync(ChangeContext.System, "sender", "sender-2026");

        Assert.True(change.Succeeded, change.Message);
        Assert.Equal(next.Fingerprint, keystore.Current.Signature!.Key.Fingerprint);
        Assert.Equal("sender", keystore.Current.Signature!.Alias);
        Assert.Null(keystore.Current.Find("sender-2026"));
        var retired = Assert.Single(keystore.Current.History);
        Assert.Equal((old.Fingerprint, "sender", Start + TimeSpan.FromHours(1)), (retired.Fingerprint, retired.Alias, retired.RetiredAt));
        Assert.Equal(Start + TimeSpan.FromDays(90) + TimeSpan.FromHours(1), keystore.PurgeableFrom(retired));

        var reloaded = await Open();
        Assert.Equal(next.Fingerprint, reloaded.Current.SigningKeyPair!.Fingerprint);
        Assert.Equal(old.Fingerprint, Assert.Single(reloaded.Current.History).Fingerprint);
        Assert.True(reloaded.Current.History[0].Certificate.HasPrivateKey, "the retired key pair keeps its private key");
    }

    [Theory]
    [InlineData("sender", "sender", KeystoreError.InvalidRequest)]
    [InlineData("sender", "nobody", KeystoreError.UnknownAlias)]
    [InlineData("nobody", "spare", KeystoreError.UnknownAlias)]
    [InlineData("spare", "sender", KeystoreError.AliasInUse)]
    public async Task Exchange_refuses_what_would_lose_or_invent_a_key_pair(string alias, string from, KeystoreError expected)
    {
        var keystore = await Open();
        await keystore.CreateAsync(ChangeContext.System, "spare", KeyAlgorithm.EcP256);
        var before = keystore.Current;

        var change = await keystore.ExchangeAsync(ChangeContext.System, alias, from);

        Assert.Equal(expected, change.Error);
        Assert.Same(before, keystore.Current);
    }

    [Fact]
    public async Task The_key_history_is_kept_at_least_90_days_even_when_configured_shorter()
    {
        var keystore = await Open(_options with { HistoryRetention = TimeSpan.FromDays(30) });
        await keystore.CreateAsync(ChangeContext.System, "next", KeyAlgorithm.EcP256);
        var retired = (await keystore.ExchangeAsync(ChangeContext.System, "sender", "next")).Retired!;

        _time.Advance(TimeSpan.FromDays(90) - TimeSpan.FromSeconds(1));
        var early = await keystore.PurgeHistoryAsync(ChangeContext.System, retired.Id);
        _time.Advance(TimeSpan.FromSeconds(1));
        var due = await keystore.PurgeHistoryAsync(ChangeContext.System, retired.Id);
        var again = await keystore.PurgeHistoryAsync(ChangeContext.System, retired.Id);

        Assert.Equal(KeystoreError.PurgeTooEarly, early.Error);
        Assert.True(due.Succeeded, due.Message);
        Assert.Empty(keystore.Current.History);
        Assert.Equal(KeystoreError.UnknownHistoryEntry, again.Error);
    }

    [Fact]
    public async Task A_longer_retention_is_honoured()
    {
        var keystore = await Open(_options with { HistoryRetention = TimeSpan.FromDays(365) });
        await keystore.CreateAsync(ChangeContext.System, "next", KeyAlgorithm.EcP256);
        var retired = (await keystore.ExchangeAsync(ChangeContext.System, "sender", "next")).Retired!;

        _time.Advance(TimeSpan.FromDays(200));

        Assert.Equal(KeystoreError.PurgeTooEarly, (await keystore.PurgeHistoryAsync(ChangeContext.System, retired.Id)).Error);
    }

    [Fact]
    public async Task A_crash_before_the_rename_leaves_the_state_before_the_exchange_with_every_key()
    {
        var keystore = await Open();
        await keystore.CreateAsync(ChangeContext.System, "next", KeyAlgorithm.EcP256);
        var before = await File.ReadAllBytesAsync(KeystorePath);
        var fingerprints = keystore.Current.KeyPairs.Values.Select(k => k.Fingerprint).Order().ToList();
        await keystore.ExchangeAsync(ChangeContext.System, "sender", "next");
        // What a crash between writing the temp file and renaming it leaves: the old file and a temp file beside it, possibly torn.
        var after = await File.ReadAllBytesAsync(KeystorePath);
        await File.WriteAllBytesAsync(KeystorePath, before);
        var leftover = Path.Combine(_dir, $".{SenderKeystoreFile.FileName}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(leftover, after[..(after.Length / 2)]);

        var restarted = await Open();

        Assert.Equal(fingerprints, restarted.Current.KeyPairs.Values.Select(k => k.Fingerprint).Order());
        Assert.Empty(restarted.Current.History);
        Assert.All(restarted.Current.KeyPairs.Values, k => Assert.True(k.Certificate.HasPrivateKey));
        Assert.False(File.Exists(leftover), "the crash's temp file is cleaned up");
    }

    [Fact]
    public async Task A_crash_after_the_rename_leaves_the_state_after_the_exchange_with_every_key()
    {
        var keystore = await Open();
        await keystore.CreateAsync(ChangeContext.System, "next", KeyAlgorithm.EcP256);
        var fingerprints = keystore.Current.KeyPairs.Values.Select(k => k.Fingerprint).Order().ToList();
        await keystore.ExchangeAsync(ChangeContext.System, "sender", "next");

        // The process dies here: nothing but the file survives.
        var restarted = await Open();

        var held = restarted.Current.KeyPairs.Values.Select(k => k.Fingerprint).Concat(restarted.Current.History.Select(h => h.Fingerprint)).Order();
        Assert.Equal(fingerprints, held);
        Assert.Equal(keystore.Current.SigningKeyPair!.Fingerprint, restarted.Current.SigningKeyPair!.Fingerprint);
        Assert.Equal(keystore.Current.Revision, restarted.Current.Revision);
    }

    [Fact]
    public async Task The_file_is_owner_only_and_holds_the_keys_that_no_view_hands_out()
    {
        var keystore = await Open();
        await keystore.CreateAsync(ChangeContext.System, "next", KeyAlgorithm.EcP256);

        var text = await File.ReadAllTextAsync(KeystorePath);
        var view = JsonSerializer.Serialize(KeystoreApi.View(keystore.Current), SenderHost.JsonOptions);

        Assert.Contains("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", view, StringComparison.Ordinal);
        Assert.Contains("BEGIN CERTIFICATE", view, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeystorePath));
    }

    [Fact]
    public async Task A_file_whose_certificate_does_not_match_its_fingerprint_is_refused_at_open()
    {
        await Open();
        var text = await File.ReadAllTextAsync(KeystorePath);
        var fingerprint = JsonDocument.Parse(text).RootElement.GetProperty("keyPairs")[0].GetProperty("fingerprint").GetString()!;
        await File.WriteAllTextAsync(KeystorePath, text.Replace(fingerprint, new string('0', 64), StringComparison.Ordinal));

        await Assert.ThrowsAsync<InvalidDataException>(() => Open());
    }

    [Fact]
    public async Task Every_change_is_audited_with_the_fingerprints_before_and_after()
    {
        var keystore = await Open();
        var old = keystore.Current.SigningKeyPair!.Fingerprint;
        var next = (await keystore.CreateAsync(ChangeContext.System, "next", KeyAlgorithm.EcP256)).KeyPair!.Fingerprint;
        await keystore.ExchangeAsync(ChangeContext.System, "sender", "next");
        await keystore.SetSigningAsync(ChangeContext.System, new RequestSigningSettings(true));

        var audit = await keystore.AuditAsync(10);

        Assert.Equal(["created", "created", "exchanged", "signing-on"], audit.Select(r => r.Action));
        Assert.Equal(("sender", old, next), (audit[2].Alias, audit[2].OldFingerprint, audit[2].NewFingerprint));
        Assert.Equal(("next", (string?)null, next), (audit[1].Alias, audit[1].OldFingerprint, audit[1].NewFingerprint));
        Assert.All(audit, r => Assert.Equal("system", r.Who));
        Assert.Equal(keystore.Current.Revision, audit[^1].Revision);
    }
}
