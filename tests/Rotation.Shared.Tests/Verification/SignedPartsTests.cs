using System.Xml;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// docs/DESIGN.md §3 check 3: the Body that is the Envelope's child and the Timestamp that is this
/// header's child are both signed, found by node identity; ids are unique; references stay in
/// the document. Signature wrapping lives here.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class SignedPartsTests(KeyMaterial keys) : HostileTestBase(keys)
{
    private const string EvilBody = "<s:Body><evil:Transfer xmlns:evil=\"urn:evil\"><evil:To>mallory</evil:To></evil:Transfer></s:Body>";

    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public void Signed_Body_moved_into_a_header_wrapper_with_a_new_unsigned_Body_is_rejected(SoapVersion version)
    {
        var envelope = SignedEnvelope(version);
        var signedBody = envelope.Body;
        var wrapper = envelope.Fragment("<w:Wrapper xmlns:w=\"urn:wrapper\"/>");
        envelope.Header.AppendChild(wrapper);
        wrapper.AppendChild(signedBody);
        envelope.Envelope.AppendChild(envelope.Fragment(EvilBody));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.BodyNotSigned, Verify(envelope));
    }

    [Fact]
    public void Signed_Body_moved_into_the_Security_header_is_rejected()
    {
        var envelope = SignedEnvelope();
        var signedBody = envelope.Body;
        var wrapper = envelope.Fragment("<w:Wrapper xmlns:w=\"urn:wrapper\"/>");
        envelope.Security.InsertBefore(wrapper, envelope.Security.FirstChild);
        wrapper.AppendChild(signedBody);
        envelope.Envelope.AppendChild(envelope.Fragment(EvilBody));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.BodyNotSigned, Verify(envelope));
    }

    [Fact]
    public void Signed_Body_moved_into_a_ds_Object_of_the_Signature_is_rejected()
    {
        var envelope = SignedEnvelope();
        var signature = (XmlElement)envelope.Security.GetElementsByTagName("Signature", WsNamespaces.Ds)[0]!;
        var signedBody = envelope.Body;
        var dsObject = envelope.Document.CreateElement("Object", WsNamespaces.Ds);
        signature.AppendChild(dsObject);
        dsObject.AppendChild(signedBody);
        envelope.Envelope.AppendChild(envelope.Fragment(EvilBody));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.BodyNotSigned, Verify(envelope));
    }

    [Fact]
    public void Signed_Body_wrapped_and_the_new_Body_copying_its_id_is_rejected()
    {
        var envelope = SignedEnvelope();
        var signedBody = envelope.Body;
        var wrapper = envelope.Fragment("<w:Wrapper xmlns:w=\"urn:wrapper\"/>");
        envelope.Header.AppendChild(wrapper);
        wrapper.AppendChild(signedBody);
        envelope.Envelope.AppendChild(envelope.Fragment($"<s:Body wsu:Id=\"{CraftedEnvelope.BodyId}\"><evil:Transfer xmlns:evil=\"urn:evil\"/></s:Body>"));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejectedAsOneOf(Verify(envelope), RejectReason.DuplicateId, RejectReason.BodyNotSigned, RejectReason.DigestMismatch);
    }

    [Fact]
    public void Signed_Timestamp_replaced_by_a_fresh_unsigned_one_is_rejected()
    {
        // Replay: the old signed Timestamp is parked in a wrapper, a fresh one takes its place.
        var envelope = SignedEnvelope();
        var signedTimestamp = envelope.Timestamp!;
        var wrapper = envelope.Fragment("<w:Wrapper xmlns:w=\"urn:wrapper\"/>");
        envelope.Header.AppendChild(wrapper);
        wrapper.AppendChild(signedTimestamp);
        envelope.Security.PrependChild(envelope.Fragment(CraftedEnvelope.TimestampXml("TS-fresh", KeyMaterial.Epoch.AddHours(1), KeyMaterial.Epoch.AddHours(2))));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TimestampNotSigned, Verify(envelope, now: KeyMaterial.Epoch.AddHours(1)));
    }

    [Fact]
    public void Only_the_Timestamp_signed_is_rejected()
    {
        var envelope = SignedEnvelope(spec: new SignatureSpec { References = [ReferenceSpec.To(CraftedEnvelope.TimestampId)] });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.BodyNotSigned, Verify(envelope));
    }

    [Fact]
    public void Only_the_Body_signed_is_rejected()
    {
        var envelope = SignedEnvelope(spec: new SignatureSpec { References = [ReferenceSpec.To(CraftedEnvelope.BodyId)] });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TimestampNotSigned, Verify(envelope));
    }

    [Fact]
    public void Only_a_part_of_the_Body_signed_is_rejected()
    {
        // The order id is signed, the rest of the Body (the total, the status) is not.
        var envelope = Envelope();
        var orderId = (System.Xml.XmlElement)envelope.Body.GetElementsByTagName("OrderId", Contract.OrderContract.Namespace)[0]!;
        orderId.SetAttribute("Id", WsNamespaces.Wsu, "Part-1");
        orderId.Attributes["Id", WsNamespaces.Wsu]!.Prefix = "wsu";
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To("Part-1")] });
        envelope.Body.RemoveAttribute("Id", WsNamespaces.Wsu);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.BodyNotSigned, Verify(envelope));
    }

    [Fact]
    public void Only_the_token_and_a_header_signed_is_rejected()
    {
        var envelope = Envelope();
        envelope.Header.AppendChild(envelope.Fragment("<x:Routing xmlns:x=\"urn:x\" wsu:Id=\"R-1\">to tenant</x:Routing>"));
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { References = [ReferenceSpec.To(CraftedEnvelope.TokenId), ReferenceSpec.To("R-1")] });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.BodyNotSigned, Verify(envelope));
    }

    [Fact]
    public void Extra_signed_parts_besides_Body_and_Timestamp_are_accepted()
    {
        var envelope = Envelope();
        envelope.Header.AppendChild(envelope.Fragment("<x:Routing xmlns:x=\"urn:x\" wsu:Id=\"R-1\">to tenant</x:Routing>"));
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.TokenId), ReferenceSpec.To("R-1"), ReferenceSpec.To(CraftedEnvelope.BodyId)],
        });

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Theory]
    [InlineData("wsu:Id")]
    [InlineData("Id")]
    [InlineData("ID")]
    [InlineData("id")]
    [InlineData("xml:id")]
    public void Duplicate_id_of_the_signed_Body_is_rejected(string attribute)
    {
        // The decoy comes after the signed Body, so a first-match naive verifier digests the real one and accepts.
        var envelope = SignedEnvelope();
        envelope.Envelope.AppendChild(envelope.Fragment($"<x:Decoy xmlns:x=\"urn:x\" {attribute}=\"{CraftedEnvelope.BodyId}\">evil</x:Decoy>"));

        if (attribute != "xml:id") AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.DuplicateId, Verify(envelope));
    }

    [Fact]
    public void Duplicate_id_of_the_signed_Timestamp_is_rejected()
    {
        var envelope = SignedEnvelope();
        envelope.Body.ParentNode!.AppendChild(envelope.Fragment($"<x:Decoy xmlns:x=\"urn:x\" wsu:Id=\"{CraftedEnvelope.TimestampId}\"/>"));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.DuplicateId, Verify(envelope));
    }

    [Fact]
    public void Duplicate_id_on_unsigned_elements_is_rejected_too()
    {
        var envelope = SignedEnvelope();
        envelope.Header.AppendChild(envelope.Fragment("<x:A xmlns:x=\"urn:x\" wsu:Id=\"same\"/>"));
        envelope.Header.AppendChild(envelope.Fragment("<x:B xmlns:x=\"urn:x\" Id=\"same\"/>"));

        AssertRejected(RejectReason.DuplicateId, Verify(envelope));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/payload")]
    [InlineData("file:///etc/hostname")]
    [InlineData("cid:attachment-1@rotation.example")]
    [InlineData("")]
    [InlineData("#xpointer(/)")]
    [InlineData("#xpointer(id('Body-1'))")]
    [InlineData("Body-1")]
    public void Reference_that_is_not_a_same_document_id_is_rejected(string uri)
    {
        // Body and Timestamp are signed as they should be; a third reference points elsewhere.
        var envelope = SignedEnvelope();
        var signature = (XmlElement)envelope.Security.GetElementsByTagName("Signature", WsNamespaces.Ds)[0]!;
        var bodyReference = (XmlElement)signature.GetElementsByTagName("Reference", WsNamespaces.Ds)[1]!;
        var extra = (XmlElement)bodyReference.CloneNode(deep: true);
        extra.SetAttribute("URI", uri);
        bodyReference.ParentNode!.AppendChild(extra);
        TestSigner.Resign(signature, Keys.RsaA);

        AssertRejected(RejectReason.ReferenceNotAllowed, Verify(envelope));
    }

    [Fact]
    public void Reference_to_an_id_that_does_not_exist_is_rejected()
    {
        var envelope = SignedEnvelope();
        var signature = (XmlElement)envelope.Security.GetElementsByTagName("Signature", WsNamespaces.Ds)[0]!;
        var bodyReference = (XmlElement)signature.GetElementsByTagName("Reference", WsNamespaces.Ds)[1]!;
        var extra = (XmlElement)bodyReference.CloneNode(deep: true);
        extra.SetAttribute("URI", "#nowhere");
        bodyReference.ParentNode!.AppendChild(extra);
        TestSigner.Resign(signature, Keys.RsaA);

        AssertRejected(RejectReason.ReferenceNotFound, Verify(envelope));
    }

    [Fact]
    public void More_than_30_references_are_rejected()
    {
        var envelope = EnvelopeWithParts(29);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { References = ReferencesToAll(29) });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TooManyReferences, Verify(envelope));
    }

    [Fact]
    public void Exactly_30_references_are_accepted()
    {
        var envelope = EnvelopeWithParts(28);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { References = ReferencesToAll(28) });

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Fact]
    public void Reference_limit_follows_the_policy()
    {
        var envelope = EnvelopeWithParts(1);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { References = ReferencesToAll(1) });

        AssertRejected(RejectReason.TooManyReferences, Verify(envelope, VerificationPolicy.Default with { MaxReferences = 2 }));
    }

    [Fact]
    public void Many_references_to_the_same_Body_count_against_the_limit()
    {
        var envelope = Envelope();
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), .. Enumerable.Repeat(ReferenceSpec.To(CraftedEnvelope.BodyId), 40)],
        });

        AssertRejected(RejectReason.TooManyReferences, Verify(envelope));
    }

    private CraftedEnvelope EnvelopeWithParts(int extra)
    {
        var envelope = Envelope();
        for (var i = 0; i < extra; i++)
            envelope.Header.AppendChild(envelope.Fragment($"<x:Part xmlns:x=\"urn:x\" wsu:Id=\"P-{i}\">{i}</x:Part>"));
        return envelope;
    }

    private static IReadOnlyList<ReferenceSpec> ReferencesToAll(int extra) =>
        [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId), .. Enumerable.Range(0, extra).Select(i => ReferenceSpec.To($"P-{i}"))];
}
