using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// docs/DESIGN.md §3 item 8: strict where the standards are strict, as WCF and WSS4J are. Every envelope here is
/// signed by the trusted key over what it carries, so only the strict check can refuse it.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class StrictnessTests(KeyMaterial keys) : HostileTestBase(keys)
{
    [Fact]
    public void Timestamp_that_expires_before_it_was_created_is_rejected()
    {
        // Created at the epoch, Expires 10 s earlier; checked 30 s before the epoch, so neither too new nor expired.
        var envelope = Envelope(timeToLive: TimeSpan.FromSeconds(-10));
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertRejected(RejectReason.TimestampExpiresBeforeCreated, Verify(envelope, now: KeyMaterial.Epoch.AddSeconds(-30)));
    }

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

    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public void Header_after_the_Body_is_rejected(SoapVersion version)
    {
        var envelope = Envelope(version);
        envelope.Envelope.AppendChild(envelope.Header); // moves the Header behind the Body
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.EnvelopeChildrenOutOfOrder, Verify(envelope));
    }

    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public void Element_between_Header_and_Body_is_rejected(SoapVersion version)
    {
        var envelope = Envelope(version);
        envelope.Envelope.InsertBefore(envelope.Fragment("<x:Note xmlns:x=\"urn:x\">between</x:Note>"), envelope.Body);
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertRejected(RejectReason.EnvelopeChildrenOutOfOrder, Verify(envelope));
    }

    [Fact]
    public void Element_after_the_Body_is_rejected_in_SOAP_12_and_allowed_in_SOAP_11()
    {
        // SOAP 1.1 §4 lets namespace-qualified elements follow the Body; SOAP 1.2 Part 1 §5.1 does not.
        CraftedEnvelope Trailing(SoapVersion version)
        {
            var envelope = Envelope(version);
            envelope.Envelope.AppendChild(envelope.Fragment("<x:Trailer xmlns:x=\"urn:x\">after</x:Trailer>"));
            TestSigner.Sign(envelope, Keys.RsaA);
            return envelope;
        }

        AssertRejected(RejectReason.EnvelopeChildrenOutOfOrder, Verify(Trailing(SoapVersion.Soap12)));
        AssertValid(Verify(Trailing(SoapVersion.Soap11)), Keys.RsaA);
    }

    [Theory]
    [InlineData("EncodingType", null)]
    [InlineData("EncodingType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#HexBinary")]
    [InlineData("EncodingType", "")]
    [InlineData("ValueType", null)]
    public void BinarySecurityToken_outside_the_Basic_Security_Profile_is_rejected(string attribute, string? value)
    {
        var envelope = Envelope();
        if (value is null) envelope.Token!.RemoveAttribute(attribute);
        else envelope.Token!.SetAttribute(attribute, value);
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TokenMalformed, Verify(envelope));
    }

    [Fact]
    public void Unreferenced_BinarySecurityToken_outside_the_profile_is_rejected_too()
    {
        var envelope = Envelope();
        envelope.Security.AppendChild(envelope.Fragment($"<wsse:BinarySecurityToken wsu:Id=\"X509-2\" ValueType=\"{WsNamespaces.X509v3}\">{Convert.ToBase64String(Keys.RsaB.RawData)}</wsse:BinarySecurityToken>"));
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertRejected(RejectReason.TokenMalformed, Verify(envelope));
    }

    private CraftedEnvelope WithTimestamp(string created, string expires)
    {
        var envelope = Envelope(timestamp: false);
        envelope.Security.PrependChild(envelope.Fragment(
            $"<wsu:Timestamp wsu:Id=\"{CraftedEnvelope.TimestampId}\"><wsu:Created>{created}</wsu:Created><wsu:Expires>{expires}</wsu:Expires></wsu:Timestamp>"));
        TestSigner.Sign(envelope, Keys.RsaA);
        return envelope;
    }
}
