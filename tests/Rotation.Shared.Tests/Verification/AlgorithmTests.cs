using System.Security.Cryptography.Xml;
using System.Xml;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>docs/DESIGN.md §3 check 4: canonicalization, signature, digest and transforms on an allow-list, with limits.</summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class AlgorithmTests(KeyMaterial keys) : HostileTestBase(keys)
{
    private static readonly SignatureSpec Sha1Everywhere = new()
    {
        SignatureMethod = AlgorithmUris.RsaSha1,
        References =
        [
            ReferenceSpec.To(CraftedEnvelope.TimestampId) with { DigestMethod = AlgorithmUris.DigestSha1 },
            ReferenceSpec.To(CraftedEnvelope.BodyId) with { DigestMethod = AlgorithmUris.DigestSha1 },
        ],
    };

    [Fact]
    public void SHA1_signature_is_rejected_under_the_default_policy()
    {
        var envelope = SignedEnvelope(spec: Sha1Everywhere);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.AlgorithmNotAllowed, Verify(envelope));
    }

    [Fact]
    public void SHA1_signature_is_accepted_when_the_policy_allows_it()
    {
        var result = Verify(SignedEnvelope(spec: Sha1Everywhere), VerificationPolicy.Default with { AllowSha1 = true });

        AssertValid(result, Keys.RsaA);
        Assert.Equal(SignatureAlgorithm.RsaSha1, result.Algorithm);
    }

    [Fact]
    public void SHA1_digest_under_an_RSA_SHA256_signature_is_rejected_under_the_default_policy()
    {
        var envelope = SignedEnvelope(spec: new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId) with { DigestMethod = AlgorithmUris.DigestSha1 }],
        });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.AlgorithmNotAllowed, Verify(envelope));
    }

    [Theory]
    [InlineData("http://www.w3.org/TR/2001/REC-xml-c14n-20010315")]
    [InlineData("http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments")]
    [InlineData(WsNamespaces.ExcC14NWithComments)]
    public void Canonicalization_method_other_than_exclusive_c14n_is_rejected(string method)
    {
        var envelope = SignedEnvelope(spec: new SignatureSpec { CanonicalizationMethod = method });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.AlgorithmNotAllowed, Verify(envelope));
    }

    [Fact]
    public void HMAC_keyed_with_the_public_certificate_is_rejected()
    {
        // Key confusion: the "secret" is the certificate everybody has; a verifier that lets the
        // SignatureMethod pick the primitive would accept it.
        var envelope = SignedEnvelope(spec: new SignatureSpec
        {
            SignatureMethod = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
            HmacKey = Keys.RsaA.RawData,
        });

        AssertRejected(RejectReason.AlgorithmNotAllowed, Verify(envelope));
    }

    [Fact]
    public void Unknown_signature_method_is_rejected()
    {
        var envelope = SignedEnvelope();
        SignatureMethodOf(envelope).SetAttribute("Algorithm", "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1");

        AssertRejected(RejectReason.AlgorithmNotAllowed, Verify(envelope));
    }

    [Fact]
    public void ECDSA_signature_method_over_an_RSA_key_fails_the_cryptographic_check()
    {
        var envelope = SignedEnvelope();
        SignatureMethodOf(envelope).SetAttribute("Algorithm", AlgorithmUris.EcdsaSha256);

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.SignatureInvalid, RejectReason.AlgorithmNotAllowed);
    }

    public static TheoryData<string> ForbiddenTransforms() => ["xpath", "xslt", "enveloped", "inclusive c14n", "exc-c14n with comments"];

    [Theory]
    [MemberData(nameof(ForbiddenTransforms))]
    public void Transform_other_than_exclusive_c14n_is_rejected(string kind)
    {
        var envelope = SignedEnvelope(spec: new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId) with { Transforms = [Forbidden(kind), () => new XmlDsigExcC14NTransform()] }],
        });

        AssertRejected(RejectReason.TransformNotAllowed, Verify(envelope));
    }

    [Fact]
    public void XPath_transform_that_filters_the_Body_down_is_rejected_although_the_crypto_holds()
    {
        // The XPath keeps only the order id, so the rest of the Body may change freely.
        var envelope = SignedEnvelope(spec: new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId) with { Transforms = [() => XPath("ancestor-or-self::*[local-name()='OrderId']"), () => new XmlDsigExcC14NTransform()] }],
        });
        var total = (XmlElement)envelope.Body.GetElementsByTagName("Total", Contract.OrderContract.Namespace)[0]!;
        total.InnerText = "0.01";

        AssertRejected(RejectReason.TransformNotAllowed, Verify(envelope));
    }

    [Fact]
    public void Reference_without_transforms_is_rejected()
    {
        // Without a transform a same-document reference defaults to inclusive c14n.
        var envelope = SignedEnvelope(spec: new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId) with { Transforms = [] }],
        });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TransformNotAllowed, Verify(envelope));
    }

    [Fact]
    public void More_than_5_transforms_are_rejected()
    {
        var envelope = SignedEnvelope(spec: new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId) with { Transforms = ExcC14N(6) }],
        });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertRejected(RejectReason.TooManyTransforms, Verify(envelope));
    }

    [Fact]
    public void Exactly_5_transforms_are_accepted()
    {
        var envelope = SignedEnvelope(spec: new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId) with { Transforms = ExcC14N(5) }],
        });

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Fact]
    public void Transform_limit_follows_the_policy()
    {
        var envelope = SignedEnvelope(spec: new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId) with { Transforms = ExcC14N(2) }],
        });

        AssertRejected(RejectReason.TooManyTransforms, Verify(envelope, VerificationPolicy.Default with { MaxTransformsPerReference = 1 }));
    }

    [Fact]
    public void InclusiveNamespaces_prefix_list_is_honoured()
    {
        // WSS4J signs with an InclusiveNamespaces PrefixList; the verifier must canonicalise with it.
        var envelope = Envelope(bodyContent: "<o:Order xmlns:o=\"urn:o\" xmlns:q=\"urn:q\"><o:Ref>q:Name</o:Ref></o:Order>");
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec
        {
            References =
            [
                ReferenceSpec.To(CraftedEnvelope.TimestampId) with { Transforms = [() => new XmlDsigExcC14NTransform("wsse s")] },
                ReferenceSpec.To(CraftedEnvelope.BodyId) with { Transforms = [() => new XmlDsigExcC14NTransform("s #default")] },
            ],
        });

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Fact]
    public void InclusiveNamespaces_prefix_list_of_SignedInfo_is_honoured()
    {
        // "s" is in scope only through the Envelope and not used inside SignedInfo: the list alone renders it.
        var envelope = SignedEnvelope(spec: new SignatureSpec { SignedInfoInclusivePrefixes = "s" });
        var canonicalization = (XmlElement)envelope.Security.GetElementsByTagName("CanonicalizationMethod", WsNamespaces.Ds)[0]!;
        Assert.Equal("s", ((XmlElement)canonicalization.FirstChild!).GetAttribute("PrefixList"));

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Fact]
    public void InclusiveNamespaces_of_SignedInfo_render_prefixes_declared_on_the_Security_header()
    {
        // WSS4J lists "wsse wsu" and canonicalises SignedInfo in place, where the Security header
        // declares them. SignedXml canonicalises it in the Envelope's context only (it leaves them
        // out), so the signature value is recomputed here as the standard defines it.
        var envelope = Envelope();
        var signature = TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { SignedInfoInclusivePrefixes = "s wsse wsu" });
        TestSigner.Resign(signature, Keys.RsaA);

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    private static XmlElement SignatureMethodOf(CraftedEnvelope envelope) =>
        (XmlElement)envelope.Security.GetElementsByTagName("SignatureMethod", WsNamespaces.Ds)[0]!;

    private static Func<Transform>[] ExcC14N(int count) =>
        Enumerable.Repeat<Func<Transform>>(() => new XmlDsigExcC14NTransform(), count).ToArray();

    private static Func<Transform> Forbidden(string kind) => kind switch
    {
        "xpath" => () => XPath("not(self::comment())"),
        "xslt" => () => Xslt(),
        "enveloped" => () => new XmlDsigEnvelopedSignatureTransform(),
        "inclusive c14n" => () => new XmlDsigC14NTransform(),
        "exc-c14n with comments" => () => new XmlDsigExcC14NWithCommentsTransform(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static XmlDsigXPathTransform XPath(string expression)
    {
        var document = new XmlDocument();
        document.LoadXml($"<XPath xmlns=\"{WsNamespaces.Ds}\">{System.Security.SecurityElement.Escape(expression)}</XPath>");
        var transform = new XmlDsigXPathTransform();
        transform.LoadInnerXml(document.ChildNodes);
        return transform;
    }

    private static XmlDsigXsltTransform Xslt()
    {
        var document = new XmlDocument();
        document.LoadXml("<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"><xsl:template match=\"/\"><ok/></xsl:template></xsl:stylesheet>");
        var transform = new XmlDsigXsltTransform();
        transform.LoadInnerXml(document.ChildNodes);
        return transform;
    }
}
