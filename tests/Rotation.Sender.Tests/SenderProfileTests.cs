using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Rotation.Sender.Profiles;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Rotation.Shared.Contract;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;
using Rotation.Sender.Contracts;

namespace Rotation.Sender.Tests;

/// <summary>
/// Same-subject key pairs (a real renewal keeps the subject DN): what the first-match profile stumbles over.
/// On the system clock, as <see cref="TestKeys"/>: a real sender host checks them against the machine's time.
/// </summary>
public sealed class SameSubjectKeys : KeyPairFixture
{
    public const string Subject = "CN=tenant signing,O=Rotation Tests";

    public SameSubjectKeys() : base(TimeProvider.System)
    {
        Old = Own(new SigningKey(SelfSigned(Subject, KeyAlgorithm.Rsa2048, TimeSpan.FromDays(-1), TimeSpan.FromDays(365))));
        New = Own(new SigningKey(SelfSigned(Subject, KeyAlgorithm.Rsa2048, TimeSpan.FromDays(-1), TimeSpan.FromDays(2 * 365))));
    }

    public SigningKey Old { get; }
    public SigningKey New { get; }
}

/// <summary>The sender profiles of docs/DESIGN.md §13, on real signatures: strict, cached-trust on a fake clock, first-match.</summary>
[Collection(SenderCollection.Name)]
public sealed class SenderProfileTests(TestKeys keys, SameSubjectKeys same) : IClassFixture<SameSubjectKeys>, IDisposable
{
    private static readonly byte[] Envelope = System.Text.Encoding.UTF8.GetBytes(SampleOrderRequest.Envelope("PROFILE-1"));
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-profile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("strict", SenderProfileKind.Strict, 0, "strict")]
    [InlineData(" First-Match ", SenderProfileKind.FirstMatch, 0, "first-match")]
    [InlineData("cached-trust:30s", SenderProfileKind.CachedTrust, 30, "cached-trust:30s")]
    [InlineData("cached-trust:1m30s", SenderProfileKind.CachedTrust, 90, "cached-trust:90s")]
    [InlineData("cached-trust:00:05:00", SenderProfileKind.CachedTrust, 300, "cached-trust:300s")]
    public void Profiles_parse_from_their_text_and_print_in_one_form(string text, SenderProfileKind kind, double seconds, string printed)
    {
        Assert.True(SenderProfile.TryParse(text, out var profile, out var error), error);
        Assert.Equal(kind, profile.Kind);
        Assert.Equal(TimeSpan.FromSeconds(seconds), profile.CacheLifetime);
        Assert.Equal(printed, profile.ToString());
        Assert.True(SenderProfile.TryParse(printed, out var again, out _));
        Assert.Equal(profile, again);
    }

    [Theory]
    [InlineData("cached-trust", "cache lifetime")]
    [InlineData("cached-trust:-5s", "cache lifetime")]
    [InlineData("cached-trust:soon", "cache lifetime")]
    [InlineData("lenient", "is not a sender profile")]
    [InlineData("", "is not a sender profile")]
    public void A_wrong_profile_is_refused_with_what_to_give(string text, string says)
    {
        Assert.False(SenderProfile.TryParse(text, out _, out var error));
        Assert.Contains(says, error);
    }

    [Fact]
    public async Task Strict_applies_a_trust_exchange_to_the_next_response()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)], clock);
        var verification = Verification(store, SenderProfile.Strict, clock);

        await store.ExchangeAsync(ChangeContext.System, TestKeys.Public(keys.New));

        Assert.True(verification.Verify(Sign(keys.New, clock)).IsValid);
        Assert.Equal(RejectReason.CertificateUntrusted, verification.Verify(Sign(keys.Old, clock)).Reason);
    }

    [Fact]
    public async Task Cached_trust_keeps_the_loaded_trust_until_its_lifetime_has_passed_on_the_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)], clock);
        var verification = Verification(store, SenderProfile.CachedTrust(TimeSpan.FromSeconds(60)), clock);

        clock.Advance(TimeSpan.FromSeconds(10));
        await store.ExchangeAsync(ChangeContext.System, TestKeys.Public(keys.New));
        // The store holds the new certificate; the verifier still has the copy it loaded at 0 s.
        Assert.Equal(RejectReason.CertificateUntrusted, verification.Verify(Sign(keys.New, clock)).Reason);
        Assert.True(verification.Verify(Sign(keys.Old, clock)).IsValid);

        clock.Advance(TimeSpan.FromSeconds(49.9));
        Assert.Equal(RejectReason.CertificateUntrusted, verification.Verify(Sign(keys.New, clock)).Reason);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(verification.Verify(Sign(keys.New, clock)).IsValid);
        Assert.Equal(RejectReason.CertificateUntrusted, verification.Verify(Sign(keys.Old, clock)).Reason);
    }

    [Fact]
    public async Task Switching_to_cached_trust_loads_the_store_then_as_a_restart_would()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)], clock);
        var profiled = new ProfiledTrust(store, SenderProfile.Strict, VerificationPolicy.Default, clock);
        await store.ExchangeAsync(ChangeContext.System, TestKeys.Public(keys.New));

        profiled.Set(SenderProfile.CachedTrust(TimeSpan.FromMinutes(5)));
        await store.ExchangeAsync(ChangeContext.System, TestKeys.Public(keys.Old));

        Assert.Equal(keys.New.Fingerprint, Assert.Single(profiled.InEffect.Entries).Fingerprint);
        Assert.Equal((clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(5)), profiled.Cache);
        profiled.Set(SenderProfile.Strict);
        Assert.Equal(keys.Old.Fingerprint, Assert.Single(profiled.InEffect.Entries).Fingerprint);
        Assert.Null(profiled.Cache);
    }

    [Theory]
    [InlineData(KeyReference.BinarySecurityToken)]
    [InlineData(KeyReference.IssuerSerial)]
    public void First_match_tries_only_the_first_trusted_certificate_of_the_subject(KeyReference reference)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = TrustStore.InMemory(TrustMode.Overlap, [TestKeys.Public(same.Old), TestKeys.Public(same.New)], clock);
        var firstMatch = Verification(store, SenderProfile.FirstMatch, clock);
        var strict = Verification(store, SenderProfile.Strict, clock);

        var byOld = firstMatch.Verify(Sign(same.Old, clock, reference));
        var byNew = firstMatch.Verify(Sign(same.New, clock, reference));

        Assert.True(byOld.IsValid, byOld.ToString());
        Assert.Equal(same.Old.Fingerprint, byOld.Fingerprint);
        // The verifier's own check ran with the first match's key, and says which was tried.
        Assert.Equal(RejectReason.SignatureInvalid, byNew.Reason);
        Assert.Contains("first-match", byNew.Message);
        Assert.Contains(same.Old.Fingerprint[..16], byNew.Message);
        Assert.True(strict.Verify(Sign(same.New, clock, reference)).IsValid);
    }

    [Fact]
    public void First_match_takes_whichever_certificate_the_store_lists_first()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = TrustStore.InMemory(TrustMode.Overlap, [TestKeys.Public(same.New), TestKeys.Public(same.Old)], clock);
        var firstMatch = Verification(store, SenderProfile.FirstMatch, clock);

        Assert.True(firstMatch.Verify(Sign(same.New, clock)).IsValid);
        Assert.Equal(RejectReason.SignatureInvalid, firstMatch.Verify(Sign(same.Old, clock)).Reason);
    }

    [Fact]
    public void First_match_changes_nothing_when_the_subjects_differ()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = TrustStore.InMemory(TrustMode.Overlap, [TestKeys.Public(keys.Old), TestKeys.Public(keys.New)], clock);
        var firstMatch = Verification(store, SenderProfile.FirstMatch, clock);

        Assert.True(firstMatch.Verify(Sign(keys.Old, clock)).IsValid);
        Assert.True(firstMatch.Verify(Sign(keys.New, clock)).IsValid);
        Assert.Equal(RejectReason.CertificateUntrusted, firstMatch.Verify(Sign(keys.Stranger, clock)).Reason);
    }

    [Fact]
    public async Task The_admin_api_shows_and_changes_the_profile_and_its_verify_goes_through_it()
    {
        await using var tenant = await SigningTenant.StartAsync(same.Old);
        await using var host = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = _dir,
            TenantUrl = tenant.BaseAddress,
            AdminToken = "profile-token",
            TrustMode = TrustMode.Overlap,
            InitialCertificates = [TestKeys.Public(same.Old), TestKeys.Public(same.New)],
            Profile = SenderProfile.CachedTrust(TimeSpan.FromSeconds(45)),
        });
        using var admin = host.CreateAdminClient();
        using var anonymous = new HttpClient { BaseAddress = host.Address };

        var shown = await admin.GetFromJsonAsync<JsonElement>(SenderRoutes.Profile);
        Assert.Equal("cached-trust:45s", shown.GetProperty("profile").GetString());
        Assert.Equal(45, shown.GetProperty("cacheLifetimeSeconds").GetDouble());
        Assert.Equal(shown.GetProperty("cacheLoadedAt").GetDateTimeOffset().AddSeconds(45), shown.GetProperty("cacheExpiresAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(SenderRoutes.Profile)).StatusCode);

        var bad = await admin.PutAsJsonAsync(SenderRoutes.Profile, new { profile = "cached-trust" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("cache lifetime", await bad.Content.ReadAsStringAsync());
        Assert.Equal("cached-trust:45s", host.Profiled.Profile.ToString());

        var set = await admin.PutAsJsonAsync(SenderRoutes.Profile, new { profile = "first-match" });
        set.EnsureSuccessStatusCode();
        var now = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("FirstMatch", now.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, now.GetProperty("cacheExpiresAt").ValueKind);

        using var content = new ByteArrayContent(Sign(same.New, TimeProvider.System));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
        var verdict = await (await admin.PostAsync(SenderRoutes.Verify, content)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SignatureInvalid", verdict.GetProperty("reason").GetString());
        Assert.Contains("first-match", verdict.GetProperty("message").GetString());
    }

    private static ResponseVerification Verification(TrustStore store, SenderProfile profile, TimeProvider clock)
    {
        var profiled = new ProfiledTrust(store, profile, VerificationPolicy.Default, clock);
        return new ResponseVerification(profiled, VerificationPolicy.Default, clock, profiled);
    }

    private static byte[] Sign(SigningKey key, TimeProvider clock, KeyReference reference = KeyReference.BinarySecurityToken) =>
        new ResponseSigner(clock).Sign(Envelope, key, SignerSettings.Default with { Algorithm = key.DefaultAlgorithm, KeyReference = reference });
}
