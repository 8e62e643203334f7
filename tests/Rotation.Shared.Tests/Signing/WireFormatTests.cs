using System.Xml;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Signing;

/// <summary>The signed envelope has exactly the shape of docs/DESIGN.md §1, which WSS4J, xmlsec1 and zeep expect.</summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class WireFormatTests(KeyMaterial keys)
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(SoapVersion.Soap11, KeyReference.BinarySecurityToken)]
    [InlineData(SoapVersion.Soap11, KeyReference.IssuerSerial)]
    [InlineData(SoapVersion.Soap12, KeyReference.BinarySecurityToken)]
    [InlineData(SoapVersion.Soap12, KeyReference.IssuerSerial)]
    public void Signed_envelope_has_the_wire_format_of_the_design(SoapVersion version, KeyReference keyReference)
    {
        var key = keys.SigningKeyOf(keys.RsaA);
        var signer = new ResponseSigner(new FakeTimeProvider(KeyMaterial.Epoch));
        var signed = signer.Sign(SampleEnvelopes.OrderEnvelope(version), key,
            new SignerSettings { KeyReference = keyReference, Algorithm = SignatureAlgorithm.RsaSha512, TimestampTimeToLive = TimeToLive });
        var document = SampleEnvelopes.Load(signed);
        var soap = version.Namespace();

        // Envelope: Header then Body, nothing else.
        var envelope = document.DocumentElement!;
        var parts = Elements(envelope);
        Assert.Equal(["Header", "Body"], parts.Select(e => e.LocalName));
        Assert.All(parts, e => Assert.Equal(soap, e.NamespaceURI));
        var (header, body) = (parts[0], parts[1]);

        // wsse:Security, mustUnderstand="1" in the envelope's namespace.
        var security = Assert.Single(Elements(header));
        Assert.Equal(("Security", WsNamespaces.Wsse), (security.LocalName, security.NamespaceURI));
        var mustUnderstand = security.GetAttributeNode("mustUnderstand", soap);
        Assert.NotNull(mustUnderstand);
        Assert.Equal("1", mustUnderstand.Value);

        // Strict layout: Timestamp, then the token (BST only), then the Signature.
        var children = Elements(security);
        var expected = keyReference == KeyReference.BinarySecurityToken
            ? new[] { (WsNamespaces.Wsu, "Timestamp"), (WsNamespaces.Wsse, "BinarySecurityToken"), (WsNamespaces.Ds, "Signature") }
            : [(WsNamespaces.Wsu, "Timestamp"), (WsNamespaces.Ds, "Signature")];
        Assert.Equal(expected, children.Select(e => (e.NamespaceURI, e.LocalName)));

        var timestamp = children[0];
        var timestampId = timestamp.GetAttribute("Id", WsNamespaces.Wsu);
        Assert.NotEmpty(timestampId);
        Assert.Equal(["Created", "Expires"], Elements(timestamp).Select(e => e.LocalName));
        Assert.Equal("2026-06-01T10:00:00.000Z", Elements(timestamp)[0].InnerText);
        Assert.Equal("2026-06-01T10:01:30.000Z", Elements(timestamp)[1].InnerText);

        var bodyId = body.GetAttribute("Id", WsNamespaces.Wsu);
        Assert.NotEmpty(bodyId);

        var signature = children[^1];
        var signatureParts = Elements(signature);
        Assert.Equal(["SignedInfo", "SignatureValue", "KeyInfo"], signatureParts.Select(e => e.LocalName));
        Assert.All(signatureParts, e => Assert.Equal(WsNamespaces.Ds, e.NamespaceURI));

        var signedInfo = Elements(signatureParts[0]);
        Assert.Equal(("CanonicalizationMethod", WsNamespaces.ExcC14N), (signedInfo[0].LocalName, signedInfo[0].GetAttribute("Algorithm")));
        Assert.Equal(("SignatureMethod", AlgorithmUris.RsaSha512), (signedInfo[1].LocalName, signedInfo[1].GetAttribute("Algorithm")));
        var references = signedInfo.Skip(2).ToList();
        Assert.Equal(["#" + timestampId, "#" + bodyId], references.Select(r => r.GetAttribute("URI")));
        foreach (var reference in references)
        {
            Assert.Equal(["Transforms", "DigestMethod", "DigestValue"], Elements(reference).Select(e => e.LocalName));
            var transform = Assert.Single(Elements(Elements(reference)[0]));
            Assert.Equal(WsNamespaces.ExcC14N, transform.GetAttribute("Algorithm"));
            Assert.Contains(Elements(reference)[1].GetAttribute("Algorithm"), new[] { AlgorithmUris.DigestSha256, AlgorithmUris.DigestSha384, AlgorithmUris.DigestSha512 });
        }
        Assert.NotEmpty(Convert.FromBase64String(signatureParts[1].InnerText));

        var str = Assert.Single(Elements(signatureParts[2]));
        Assert.Equal(("SecurityTokenReference", WsNamespaces.Wsse), (str.LocalName, str.NamespaceURI));
        var keyReferenceElement = Assert.Single(Elements(str));
        if (keyReference == KeyReference.BinarySecurityToken)
        {
            var token = children[1];
            Assert.Equal(WsNamespaces.X509v3, token.GetAttribute("ValueType"));
            Assert.Equal(WsNamespaces.Base64Binary, token.GetAttribute("EncodingType"));
            Assert.Equal(keys.RsaA.RawData, Convert.FromBase64String(token.InnerText));
            Assert.Equal(("Reference", WsNamespaces.Wsse), (keyReferenceElement.LocalName, keyReferenceElement.NamespaceURI));
            Assert.Equal("#" + token.GetAttribute("Id", WsNamespaces.Wsu), keyReferenceElement.GetAttribute("URI"));
            Assert.Equal(WsNamespaces.X509v3, keyReferenceElement.GetAttribute("ValueType"));
        }
        else
        {
            Assert.Equal(("X509Data", WsNamespaces.Ds), (keyReferenceElement.LocalName, keyReferenceElement.NamespaceURI));
            var issuerSerial = Assert.Single(Elements(keyReferenceElement));
            Assert.Equal("X509IssuerSerial", issuerSerial.LocalName);
            var (issuerName, serial) = (Elements(issuerSerial)[0], Elements(issuerSerial)[1]);
            Assert.Equal(("X509IssuerName", "X509SerialNumber"), (issuerName.LocalName, serial.LocalName));
            Assert.Equal(KeyMaterial.SerialDecimal(keys.RsaA), serial.InnerText);
            // RFC 2253 string order is the most specific RDN first, as Java's X500Principal and
            // `openssl x509 -nameopt RFC2253` print it ("CN=…,O=…,C=…"); WSS4J parses it that way.
            Assert.Equal("CN=Rotation Tenant A,O=Rotation,C=DE", Rfc2253.Format(keys.RsaA.IssuerName));
            Assert.Equal(Rfc2253.Format(keys.RsaA.IssuerName), issuerName.InnerText.Replace(", ", ",", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Signed_envelope_is_UTF8_without_BOM_and_keeps_the_body_bytes()
    {
        var unsigned = SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11);
        var signed = new ResponseSigner(new FakeTimeProvider(KeyMaterial.Epoch)).Sign(unsigned, keys.SigningKeyOf(keys.RsaA), SignerSettings.Default);

        Assert.NotEqual(0xEF, signed[0]);
        var bodyContent = SampleEnvelopes.OrderConfirmationBody();
        // Sign after formatting, never before (docs/DESIGN.md §2): the body's serialised text is untouched.
        Assert.Contains(bodyContent, System.Text.Encoding.UTF8.GetString(signed));
    }

    private static List<XmlElement> Elements(XmlElement parent) => parent.ChildNodes.OfType<XmlElement>().ToList();
}
