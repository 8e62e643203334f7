using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// docs/DESIGN.md §3 check 6: a signed Timestamp is required, Created at most 300 s old and 60 s ahead,
/// Expires not passed. The signer's and the verifier's clocks are separate FakeTimeProviders.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class TimestampTests(KeyMaterial keys) : HostileTestBase(keys)
{
    /// <summary>Signs with ResponseSigner on a clock reading the epoch; the verifier's clock is then moved by <paramref name="offset"/>.</summary>
    private VerificationResult SignNowVerifyLater(TimeSpan offset, TimeSpan timeToLive, VerificationPolicy? policy = null)
    {
        var signerClock = new FakeTimeProvider(KeyMaterial.Epoch);
        var signed = Signers.Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), Keys.SigningKeyOf(Keys.RsaA),
            new SignerSettings { TimestampTimeToLive = timeToLive }, SignerInput.Bytes, signerClock);
        // The verifier's clock starts at the same instant and runs on (or lags behind) by the offset.
        var verifierClock = new FakeTimeProvider(KeyMaterial.Epoch + (offset < TimeSpan.Zero ? offset : TimeSpan.Zero));
        if (offset > TimeSpan.Zero) verifierClock.Advance(offset);
        return new SignatureVerifier(new TrustSet(Keys.RsaA), policy ?? VerificationPolicy.Default, verifierClock).Verify(signed);
    }

    [Fact]
    public void Missing_Timestamp_is_rejected()
    {
        var envelope = Envelope(timestamp: false);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { References = [ReferenceSpec.To(CraftedEnvelope.BodyId)] });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TimestampMissing, Verify(envelope));
    }

    [Fact]
    public void Stale_Timestamp_is_rejected()
    {
        AssertRejected(RejectReason.TimestampTooOld, SignNowVerifyLater(TimeSpan.FromSeconds(301), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Timestamp_just_inside_the_age_window_is_accepted()
    {
        AssertValid(SignNowVerifyLater(TimeSpan.FromSeconds(299), TimeSpan.FromHours(1)), Keys.RsaA);
    }

    [Fact]
    public void Future_Timestamp_is_rejected()
    {
        AssertRejected(RejectReason.TimestampInFuture, SignNowVerifyLater(TimeSpan.FromSeconds(-61), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Timestamp_within_the_clock_skew_is_accepted()
    {
        AssertValid(SignNowVerifyLater(TimeSpan.FromSeconds(-59), TimeSpan.FromHours(1)), Keys.RsaA);
    }

    [Fact]
    public void Expired_Timestamp_is_rejected()
    {
        AssertRejected(RejectReason.TimestampExpired, SignNowVerifyLater(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Timestamp_windows_follow_the_policy()
    {
        var strict = VerificationPolicy.Default with { MaxTimestampAge = TimeSpan.FromSeconds(10), MaxClockSkewFuture = TimeSpan.FromSeconds(1) };

        AssertRejected(RejectReason.TimestampTooOld, SignNowVerifyLater(TimeSpan.FromSeconds(11), TimeSpan.FromHours(1), strict));
        AssertRejected(RejectReason.TimestampInFuture, SignNowVerifyLater(TimeSpan.FromSeconds(-2), TimeSpan.FromHours(1), strict));
        AssertValid(SignNowVerifyLater(TimeSpan.FromSeconds(9), TimeSpan.FromHours(1), strict), Keys.RsaA);
    }

    [Fact]
    public void Explicit_verification_time_overrides_the_clock()
    {
        var signed = Signers.Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), Keys.SigningKeyOf(Keys.RsaA), SignerSettings.Default, SignerInput.Bytes);
        var verifier = Verifiers.Trusting([Keys.RsaA], now: KeyMaterial.Epoch.AddDays(1));

        AssertRejected(RejectReason.TimestampTooOld, verifier.Verify(signed));
        AssertValid(verifier.Verify(signed, at: KeyMaterial.Epoch.AddSeconds(5)), Keys.RsaA);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, 301, 3600, RejectReason.TimestampTooOld)]
    [InlineData(SoapVersion.Soap12, -61, 3600, RejectReason.TimestampInFuture)]
    [InlineData(SoapVersion.Soap11, 120, 60, RejectReason.TimestampExpired)]
    public void Crafted_timestamps_outside_the_window_are_rejected(SoapVersion version, int verifyAfterSeconds, int timeToLiveSeconds, RejectReason expected)
    {
        var envelope = Envelope(version, timeToLive: TimeSpan.FromSeconds(timeToLiveSeconds));
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertRejected(expected, Verify(envelope, now: KeyMaterial.Epoch.AddSeconds(verifyAfterSeconds)));
    }

    [Fact]
    public void Two_Timestamps_in_the_Security_header_are_rejected()
    {
        var envelope = SignedEnvelope();
        envelope.Security.AppendChild(envelope.Fragment(CraftedEnvelope.TimestampXml("TS-2", KeyMaterial.Epoch, KeyMaterial.Epoch.AddMinutes(5))));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TimestampNotUnique, Verify(envelope));
    }

    [Theory]
    [InlineData("yesterday", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00Z", "soon")]
    [InlineData("", "2026-06-01T10:05:00Z")]
    public void Malformed_Timestamp_is_rejected(string created, string expires)
    {
        AssertRejected(RejectReason.TimestampMalformed, Verify(WithTimestamp(created, expires)));
    }

    // docs/DESIGN.md §3 item 8: the exact xs:dateTime lexical form with a time zone, no lenient parser.
    [Theory]
    [InlineData("2026-06-01 10:00:00Z", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00Z", "2026-06-01 10:05:00Z")]
    [InlineData("2026-06-01T10:00:00", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00Z", "2026-06-01T10:05:00")]
    [InlineData("2026-6-1T10:00:00Z", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00Z", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00.Z", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00+0000", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00 Z", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00z", "2026-06-01T10:05:00Z")]
    [InlineData("01.06.2026 10:00:00 +00:00", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-31T10:00:00Z", "2026-07-01T10:05:00Z")]
    [InlineData("2026-06-01T24:00:00Z", "2026-06-02T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00+15:00", "2026-06-01T10:05:00Z")]
    public void Created_and_Expires_must_be_exact_xs_dateTime_with_a_zone(string created, string expires)
    {
        AssertRejected(RejectReason.TimestampMalformed, Verify(WithTimestamp(created, expires), now: KeyMaterial.Epoch.AddSeconds(10)));
    }

    [Theory]
    [InlineData("2026-06-01T10:00:00Z", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:00:00.1234567891Z", "2026-06-01T10:05:00.5Z")]
    [InlineData("2026-06-01T12:00:00+02:00", "2026-06-01T05:05:00-05:00")]
    [InlineData("\n 2026-06-01T10:00:00Z\t", "2026-06-01T10:05:00Z")]
    public void Every_lexical_form_xs_dateTime_allows_with_a_zone_is_accepted(string created, string expires)
    {
        AssertValid(Verify(WithTimestamp(created, expires), now: KeyMaterial.Epoch.AddSeconds(10)), Keys.RsaA);
    }

    /// <summary>An envelope whose Timestamp carries exactly these texts, signed by the trusted key.</summary>
    private CraftedEnvelope WithTimestamp(string created, string expires)
    {
        var envelope = Envelope(timestamp: false);
        envelope.Security.PrependChild(envelope.Fragment(
            $"<wsu:Timestamp wsu:Id=\"{CraftedEnvelope.TimestampId}\"><wsu:Created>{created}</wsu:Created><wsu:Expires>{expires}</wsu:Expires></wsu:Timestamp>"));
        TestSigner.Sign(envelope, Keys.RsaA);
        return envelope;
    }

    [Fact]
    public void Timestamp_without_Expires_is_accepted_when_fresh()
    {
        // WS-Security makes Expires optional; Created alone still bounds the age.
        var envelope = Envelope(timestamp: false);
        envelope.Security.PrependChild(envelope.Fragment(
            $"<wsu:Timestamp wsu:Id=\"{CraftedEnvelope.TimestampId}\"><wsu:Created>{CraftedEnvelope.Format(KeyMaterial.Epoch)}</wsu:Created></wsu:Timestamp>"));
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertValid(Verify(envelope, now: KeyMaterial.Epoch.AddSeconds(30)), Keys.RsaA);
        AssertRejected(RejectReason.TimestampTooOld, Verify(envelope, now: KeyMaterial.Epoch.AddSeconds(301)));
    }

    [Fact]
    public void Timestamp_with_a_zone_offset_is_read_in_UTC()
    {
        var envelope = WithTimestamp("2026-06-01T12:00:00+02:00", "2026-06-01T12:02:00+02:00");

        AssertValid(Verify(envelope, now: KeyMaterial.Epoch.AddSeconds(10)), Keys.RsaA);
        AssertRejected(RejectReason.TimestampExpired, Verify(envelope, now: KeyMaterial.Epoch.AddMinutes(3)));
    }
}
