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
}
