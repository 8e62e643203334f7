using System.Security.Cryptography;
using System.Xml;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>docs/DESIGN.md §3 check 7: digests and the signature value.</summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class CryptographicCheckTests(KeyMaterial keys) : HostileTestBase(keys)
{
    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public void Tampered_Body_is_rejected(SoapVersion version)
    {
        var envelope = SignedEnvelope(version);
        var total = (XmlElement)envelope.Body.GetElementsByTagName("Total", Contract.OrderContract.Namespace)[0]!;
        total.InnerText = "0.01";

        AssertRejected(RejectReason.DigestMismatch, Verify(envelope));
    }

    [Theory]
    [InlineData("attribute added")]
    [InlineData("namespace prefix renamed")]
    [InlineData("element added")]
    [InlineData("whitespace added")]
    public void Subtly_tampered_Body_is_rejected(string kind)
    {
        var envelope = SignedEnvelope();
        var response = (XmlElement)envelope.Body.FirstChild!;
        switch (kind)
        {
            case "attribute added": response.SetAttribute("priority", "high"); break;
            case "namespace prefix renamed":
                var renamed = envelope.Fragment($"<r:SubmitOrderResponse xmlns:r=\"{Contract.OrderContract.Namespace}\">{response.InnerXml}</r:SubmitOrderResponse>");
                envelope.Body.ReplaceChild(renamed, response);
                break;
            case "element added": response.AppendChild(envelope.Document.CreateElement("Extra", Contract.OrderContract.Namespace)); break;
            case "whitespace added": response.AppendChild(envelope.Document.CreateWhitespace("\n")); break;
        }

        AssertRejected(RejectReason.DigestMismatch, Verify(envelope));
    }

    [Fact]
    public void Comment_added_to_the_Body_does_not_change_what_was_signed()
    {
        // Exclusive c14n without comments: a comment is outside the signed content, by the standard.
        var envelope = SignedEnvelope();
        envelope.Body.FirstChild!.AppendChild(envelope.Document.CreateComment("note"));

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Fact]
    public void Tampered_Timestamp_is_rejected()
    {
        var envelope = SignedEnvelope();
        var expires = (XmlElement)envelope.Timestamp!.GetElementsByTagName("Expires", WsNamespaces.Wsu)[0]!;
        expires.InnerText = CraftedEnvelope.Format(KeyMaterial.Epoch.AddDays(30));

        AssertRejected(RejectReason.DigestMismatch, Verify(envelope));
    }

    [Fact]
    public void Tampered_SignatureValue_is_rejected()
    {
        var envelope = SignedEnvelope();
        var value = SignatureValue(envelope);
        var bytes = Convert.FromBase64String(value.InnerText);
        bytes[bytes.Length / 2] ^= 0x01;
        value.InnerText = Convert.ToBase64String(bytes);

        AssertRejected(RejectReason.SignatureInvalid, Verify(envelope));
    }

    [Fact]
    public void Truncated_SignatureValue_is_rejected()
    {
        var envelope = SignedEnvelope();
        var value = SignatureValue(envelope);
        value.InnerText = Convert.ToBase64String(Convert.FromBase64String(value.InnerText)[..128]);

        AssertRejected(RejectReason.SignatureInvalid, Verify(envelope));
    }

    [Fact]
    public void Tampered_digest_value_in_SignedInfo_is_rejected()
    {
        // SignedInfo is what the key vouches for: an edited SignedInfo is a broken signature, and
        // checking the signature before acting on the references it carries says so.
        var envelope = SignedEnvelope();
        var digest = DigestValues(envelope)[1];
        var bytes = Convert.FromBase64String(digest.InnerText);
        bytes[0] ^= 0x80;
        digest.InnerText = Convert.ToBase64String(bytes);

        AssertRejected(RejectReason.SignatureInvalid, Verify(envelope));
    }

    [Fact]
    public void Tampered_Body_with_its_digest_recomputed_is_rejected()
    {
        // The attacker fixes the digest so the reference checks out; SignedInfo then no longer matches its signature.
        var envelope = SignedEnvelope();
        var total = (XmlElement)envelope.Body.GetElementsByTagName("Total", Contract.OrderContract.Namespace)[0]!;
        total.InnerText = "0.01";
        DigestValues(envelope)[1].InnerText = TestSigner.Digest(envelope.Body, HashAlgorithmName.SHA256);

        AssertRejected(RejectReason.SignatureInvalid, Verify(envelope));
    }

    [Fact]
    public void SignedInfo_changed_after_signing_is_rejected()
    {
        // An attribute added to a Reference after signing: the digests still hold, SignedInfo does not.
        var envelope = SignedEnvelope();
        var reference = (XmlElement)envelope.Security.GetElementsByTagName("Reference", WsNamespaces.Ds)[0]!;
        reference.SetAttribute("Type", "urn:changed");

        AssertRejected(RejectReason.SignatureInvalid, Verify(envelope));
    }

    [Fact]
    public void SignatureValue_that_is_not_base64_is_rejected()
    {
        var envelope = SignedEnvelope();
        SignatureValue(envelope).InnerText = "not base64 at all!";

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.Malformed, RejectReason.SignatureInvalid);
    }

    [Fact]
    public void ECDSA_signature_value_tampered_is_rejected()
    {
        var envelope = Envelope(token: Keys.EcP256);
        TestSigner.Sign(envelope, Keys.EcP256, new SignatureSpec { SignatureMethod = AlgorithmUris.EcdsaSha256 });
        var value = SignatureValue(envelope);
        var bytes = Convert.FromBase64String(value.InnerText);
        bytes[^1] ^= 0x01;
        value.InnerText = Convert.ToBase64String(bytes);

        AssertRejected(RejectReason.SignatureInvalid, Verify(envelope, trusted: Keys.EcP256));
    }

    [Fact]
    public void Signature_with_whitespace_in_base64_values_is_accepted()
    {
        // Line-wrapped base64 (xmlsec1 and WSS4J wrap at 76 characters) is still the same value.
        var envelope = SignedEnvelope();
        var value = SignatureValue(envelope);
        value.InnerText = string.Join("\n", value.InnerText.Chunk(76).Select(c => new string(c)));

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    private static XmlElement SignatureValue(CraftedEnvelope envelope) =>
        (XmlElement)envelope.Security.GetElementsByTagName("SignatureValue", WsNamespaces.Ds)[0]!;

    private static List<XmlElement> DigestValues(CraftedEnvelope envelope) =>
        envelope.Security.GetElementsByTagName("DigestValue", WsNamespaces.Ds).Cast<XmlElement>().ToList();
}
