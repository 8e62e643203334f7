using System.Xml;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>docs/DESIGN.md §3 check 2: exactly one Envelope/Body, one wsse:Security for us, one ds:Signature in it.</summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class EnvelopeStructureTests(KeyMaterial keys) : HostileTestBase(keys)
{
    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public void Second_Body_after_the_signed_one_is_rejected(SoapVersion version)
    {
        var envelope = SignedEnvelope(version);
        envelope.Envelope.AppendChild(envelope.Fragment($"<s:Body><evil:Transfer xmlns:evil=\"urn:evil\">all</evil:Transfer></s:Body>"));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.BodyNotUnique, Verify(envelope));
    }

    [Fact]
    public void Second_Body_before_the_signed_one_is_rejected()
    {
        var envelope = SignedEnvelope();
        envelope.Envelope.InsertBefore(envelope.Fragment("<s:Body><evil:Transfer xmlns:evil=\"urn:evil\">all</evil:Transfer></s:Body>"), envelope.Body);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.BodyNotUnique, Verify(envelope));
    }

    [Fact]
    public void Envelope_without_Body_is_rejected()
    {
        var envelope = SignedEnvelope();
        envelope.Envelope.RemoveChild(envelope.Body);

        AssertRejected(RejectReason.BodyNotUnique, Verify(envelope));
    }

    [Fact]
    public void Second_Security_header_for_the_same_receiver_is_rejected()
    {
        var envelope = SignedEnvelope();
        var second = envelope.Fragment("<wsse:Security s:mustUnderstand=\"1\">" +
            CraftedEnvelope.TimestampXml("TS-other", KeyMaterial.Epoch, KeyMaterial.Epoch.AddMinutes(5)) + "</wsse:Security>");
        envelope.Header.AppendChild(second);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.SecurityHeaderNotUnique, Verify(envelope));
    }

    [Fact]
    public void Second_Security_header_put_first_is_rejected()
    {
        var envelope = SignedEnvelope();
        var second = envelope.Fragment("<wsse:Security>" + CraftedEnvelope.TimestampXml("TS-other", KeyMaterial.Epoch, KeyMaterial.Epoch.AddMinutes(5)) + "</wsse:Security>");
        envelope.Header.PrependChild(second);

        AssertRejected(RejectReason.SecurityHeaderNotUnique, Verify(envelope));
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, "actor", "urn:some-intermediary")]
    [InlineData(SoapVersion.Soap12, "role", "urn:some-intermediary")]
    public void Security_header_for_another_actor_is_not_ours_and_does_not_count(SoapVersion version, string attribute, string actor)
    {
        var envelope = SignedEnvelope(version);
        envelope.Header.AppendChild(envelope.Fragment($"<wsse:Security s:{attribute}=\"{actor}\">" +
            CraftedEnvelope.TimestampXml("TS-other", KeyMaterial.Epoch, KeyMaterial.Epoch.AddMinutes(5)) + "</wsse:Security>"));

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Fact]
    public void Signed_Security_header_for_another_actor_alone_is_missing_ours()
    {
        var envelope = SignedEnvelope();
        envelope.Security.SetAttribute("actor", envelope.Version.Namespace(), "urn:some-intermediary");

        AssertRejected(RejectReason.SecurityHeaderMissing, Verify(envelope));
    }

    [Fact]
    public void Security_header_naming_the_ultimate_receiver_explicitly_is_ours_too()
    {
        var envelope = SignedEnvelope(SoapVersion.Soap12);
        envelope.Header.AppendChild(envelope.Fragment("<wsse:Security s:role=\"http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver\">" +
            CraftedEnvelope.TimestampXml("TS-other", KeyMaterial.Epoch, KeyMaterial.Epoch.AddMinutes(5)) + "</wsse:Security>"));

        AssertRejected(RejectReason.SecurityHeaderNotUnique, Verify(envelope));
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, "actor", SoapActors.Soap11Next)]
    [InlineData(SoapVersion.Soap12, "role", SoapActors.Soap12Next)]
    [InlineData(SoapVersion.Soap12, "role", SoapActors.Soap12UltimateReceiver)]
    public void Signed_Security_header_for_the_next_node_or_the_ultimate_receiver_is_ours(SoapVersion version, string attribute, string actor)
    {
        // docs/DESIGN.md §3 item 8: "next" addresses every node on the path, the last one included (SOAP 1.2 Part 1 §2.2).
        var envelope = SignedEnvelope(version);
        envelope.Security.SetAttribute(attribute, version.Namespace(), actor);

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Theory]
    [InlineData(SoapVersion.Soap12, "role", SoapActors.Soap12None)]
    [InlineData(SoapVersion.Soap11, "actor", "urn:some-intermediary")]
    [InlineData(SoapVersion.Soap12, "role", "urn:some-intermediary")]
    [InlineData(SoapVersion.Soap11, "actor", SoapActors.Soap12Next)]
    public void Signed_Security_header_for_no_one_or_another_node_is_not_ours(SoapVersion version, string attribute, string actor)
    {
        var envelope = SignedEnvelope(version);
        envelope.Security.SetAttribute(attribute, version.Namespace(), actor);

        AssertRejected(RejectReason.SecurityHeaderMissing, Verify(envelope));
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, "actor", SoapActors.Soap11Next)]
    [InlineData(SoapVersion.Soap12, "role", SoapActors.Soap12Next)]
    public void Second_Security_header_for_the_next_node_beside_ours_is_rejected(SoapVersion version, string attribute, string actor)
    {
        var envelope = SignedEnvelope(version);
        envelope.Header.AppendChild(envelope.Fragment($"<wsse:Security s:{attribute}=\"{actor}\">" +
            CraftedEnvelope.TimestampXml("TS-other", KeyMaterial.Epoch, KeyMaterial.Epoch.AddMinutes(5)) + "</wsse:Security>"));

        AssertRejected(RejectReason.SecurityHeaderNotUnique, Verify(envelope));
    }

    [Fact]
    public void Signed_Timestamp_in_another_actors_header_does_not_stand_in_for_ours()
    {
        // Our header has the signature but no Timestamp; the signed Timestamp sits in an intermediary's header.
        var envelope = Envelope(timestamp: false);
        envelope.Header.AppendChild(envelope.Fragment("<wsse:Security s:actor=\"urn:some-intermediary\">" +
            CraftedEnvelope.TimestampXml(CraftedEnvelope.TimestampId, KeyMaterial.Epoch, KeyMaterial.Epoch.AddMinutes(5)) + "</wsse:Security>"));
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TimestampMissing, Verify(envelope));
    }

    [Fact]
    public void Second_Signature_in_the_Security_header_is_rejected()
    {
        var envelope = SignedEnvelope();
        var signature = (XmlElement)envelope.Security.GetElementsByTagName("Signature", WsNamespaces.Ds)[0]!;
        envelope.Security.AppendChild(signature.CloneNode(deep: true));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.SignatureNotUnique, Verify(envelope));
    }

    [Fact]
    public void Second_Signature_by_an_untrusted_key_is_rejected()
    {
        // Whichever signature a verifier picked, two are ambiguous: which one vouches for the message?
        var envelope = SignedEnvelope();
        using (var mallory = KeyMaterial.PrivateKeyOf(Keys.Untrusted))
            TestSigner.Sign(envelope, mallory, new SignatureSpec { References = [ReferenceSpec.To(CraftedEnvelope.BodyId)] });

        AssertRejected(RejectReason.SignatureNotUnique, Verify(envelope));
    }

    [Fact]
    public void Envelope_without_Security_header_is_rejected()
    {
        var envelope = Envelope();
        envelope.Header.RemoveChild(envelope.Security);

        AssertRejected(RejectReason.SecurityHeaderMissing, Verify(envelope));
    }

    [Fact]
    public void Envelope_without_Header_is_rejected()
    {
        var envelope = Envelope();
        envelope.Envelope.RemoveChild(envelope.Header);

        AssertRejected(RejectReason.SecurityHeaderMissing, Verify(envelope));
    }

    [Fact]
    public void Security_header_without_Signature_is_rejected()
    {
        AssertRejected(RejectReason.SignatureMissing, Verify(Envelope()));
    }

    [Fact]
    public void Signature_outside_the_Security_header_is_not_ours()
    {
        // The signature sits in another header block: a naive verifier finds it anyway.
        var envelope = Envelope();
        var elsewhere = envelope.Fragment("<x:Audit xmlns:x=\"urn:x\"/>");
        envelope.Header.AppendChild(elsewhere);
        TestSigner.Sign(envelope, Keys.RsaA, parent: elsewhere);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.SignatureMissing, Verify(envelope));
    }

    [Fact]
    public void Two_Header_elements_are_rejected()
    {
        var envelope = SignedEnvelope();
        envelope.Envelope.InsertBefore(envelope.Fragment("<s:Header/>"), envelope.Header);

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.SecurityHeaderNotUnique, RejectReason.Malformed, RejectReason.NotAnEnvelope);
    }
}
