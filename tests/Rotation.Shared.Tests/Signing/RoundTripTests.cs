using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Certificates;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Signing;

/// <summary>ResponseSigner → SignatureVerifier for every setting combination, with SignedXml as a second opinion.</summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class RoundTripTests(KeyMaterial keys)
{
    public static TheoryData<KeyReference, SignatureAlgorithm, SoapVersion, SignerInput> EveryCombination()
    {
        var data = new TheoryData<KeyReference, SignatureAlgorithm, SoapVersion, SignerInput>();
        foreach (var reference in new[] { KeyReference.BinarySecurityToken, KeyReference.IssuerSerial })
        foreach (var algorithm in Enum.GetValues<SignatureAlgorithm>())
        foreach (var version in Enum.GetValues<SoapVersion>())
        foreach (var input in Enum.GetValues<SignerInput>())
            data.Add(reference, algorithm, version, input);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void Signed_response_verifies_and_names_certificate_and_key_reference(KeyReference reference, SignatureAlgorithm algorithm, SoapVersion version, SignerInput input)
    {
        var certificate = keys.CertificateFor(algorithm);
        var settings = new SignerSettings { KeyReference = reference, Algorithm = algorithm };
        var signed = Sign(SampleEnvelopes.OrderEnvelope(version), keys.SigningKeyOf(certificate), settings, input);

        // SHA-1 only under a policy that explicitly allows it (checked below to be refused by default).
        var policy = algorithm == SignatureAlgorithm.RsaSha1 ? VerificationPolicy.Default with { AllowSha1 = true } : VerificationPolicy.Default;
        var result = Verifiers.Trusting([keys.RsaB, certificate], policy).Verify(signed);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(CertificateInfo.Fingerprint(certificate), result.Fingerprint);
        Assert.Equal(certificate.RawData, result.VerifiedBy!.RawData);
        Assert.False(result.VerifiedBy.HasPrivateKey, "the result must name the trusted (public) certificate, not hand out a private key");
        Assert.Equal(reference, result.KeyReference);
        Assert.Equal(algorithm, result.Algorithm);
        Assert.True(NaiveVerifier.SignedXmlAccepts(SampleEnvelopes.Load(signed), certificate), "SignedXml (the oracle) must accept our signature");
        if (algorithm == SignatureAlgorithm.RsaSha1)
            Assert.Equal(RejectReason.AlgorithmNotAllowed, Verifiers.Trusting(certificate).Verify(signed).Reason);
    }

    [Fact]
    public void Trust_set_of_two_reports_which_certificate_verified()
    {
        var verifier = Verifiers.Trusting(keys.RsaA, keys.RsaB);
        foreach (var (signer, reference) in new[] { (keys.RsaA, KeyReference.BinarySecurityToken), (keys.RsaB, KeyReference.BinarySecurityToken), (keys.RsaA, KeyReference.IssuerSerial), (keys.RsaB, KeyReference.IssuerSerial) })
        {
            var signed = Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), keys.SigningKeyOf(signer), new SignerSettings { KeyReference = reference }, SignerInput.Bytes);
            var result = verifier.Verify(signed);
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(CertificateInfo.Fingerprint(signer), result.Fingerprint);
        }
    }

    [Fact]
    public void Signature_of_the_retired_key_is_refused_once_only_the_new_key_is_trusted()
    {
        var signed = Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, SignerInput.Bytes);
        Assert.Equal(RejectReason.CertificateUntrusted, Verifiers.Trusting(keys.RsaB).Verify(signed).Reason);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public void Envelope_without_Header_gets_one(SoapVersion version)
    {
        var signed = Sign(SampleEnvelopes.OrderEnvelope(version, withHeader: false), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, SignerInput.Bytes);

        var document = SampleEnvelopes.Load(signed);
        var envelope = document.DocumentElement!;
        var header = (XmlElement)envelope.FirstChild!;
        Assert.Equal(("Header", version.Namespace()), (header.LocalName, header.NamespaceURI));
        Assert.Equal("Body", ((XmlElement)header.NextSibling!).LocalName);
        Assert.True(Verifiers.Trusting(keys.RsaA).Verify(signed).IsValid);
    }

    [Fact]
    public void Envelope_in_a_default_namespace_round_trips()
    {
        var text = $"<Envelope xmlns=\"{WsNamespaces.Soap11}\"><Body>{SampleEnvelopes.OrderConfirmationBody()}</Body></Envelope>";
        var signed = Sign(Encoding.UTF8.GetBytes(text), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, SignerInput.Bytes);

        var result = Verifiers.Trusting(keys.RsaA).Verify(signed);
        Assert.True(result.IsValid, result.ToString());
        Assert.True(NaiveVerifier.SignedXmlAccepts(SampleEnvelopes.Load(signed), keys.RsaA));
    }

    [Theory]
    [InlineData(SignerInput.Bytes)]
    [InlineData(SignerInput.XmlDocument)]
    public void Body_that_already_has_a_wsu_Id_keeps_it(SignerInput input)
    {
        var text = SampleEnvelopes.Envelope(SoapVersion.Soap11, SampleEnvelopes.OrderConfirmationBody(),
            bodyAttributes: $" xmlns:u=\"{WsNamespaces.Wsu}\" u:Id=\"_0\"");
        var signed = Sign(Encoding.UTF8.GetBytes(text), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, input);

        var document = SampleEnvelopes.Load(signed);
        var body = (XmlElement)document.GetElementsByTagName("Body", WsNamespaces.Soap11)[0]!;
        Assert.Equal("_0", body.GetAttribute("Id", WsNamespaces.Wsu));
        Assert.Single(body.Attributes.Cast<XmlAttribute>(), a => a.LocalName == "Id");
        Assert.Contains(document.GetElementsByTagName("Reference", WsNamespaces.Ds).Cast<XmlElement>(), r => r.GetAttribute("URI") == "#_0");
        Assert.True(Verifiers.Trusting(keys.RsaA).Verify(signed).IsValid);
    }

    public static TheoryData<string, string> DemandingBodies() => new()
    {
        { "whitespace", "\n  <o:Order xmlns:o=\"urn:o\">\n\t<o:Line  n = '1' >  x  </o:Line>\n  </o:Order>\n" },
        { "comments and PIs", "<!-- before --><o:Order xmlns:o=\"urn:o\"><!-- inside --><?app do-this?><o:Id>1</o:Id></o:Order><!-- after -->" },
        { "namespaced content", "<a:Outer xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns=\"urn:default\"><b:Inner a:attr=\"1\" b:attr=\"2\" plain=\"3\"><Leaf xmlns=\"\">no namespace</Leaf><a:Again xmlns:a=\"urn:a-redeclared\"/></b:Inner></a:Outer>" },
        { "attributes needing escapes", "<o:Order xmlns:o=\"urn:o\" z=\"last\" a=\"&quot;q&quot; &amp; &lt;lt&gt; literal	tab\" m='single \"quoted\"'/>" },
        { "non-ASCII text", "<o:Order xmlns:o=\"urn:o\">Grüße, Ærø, 東京, emoji 🔑, ﬁ ligature, RTL שלום, zero-width \u200B joiner</o:Order>" },
        { "CDATA and escapes", "<o:Order xmlns:o=\"urn:o\"><![CDATA[<not> & markup]]>&amp;&lt;&gt;&#x1F511;</o:Order>" },
        { "xml attributes", "<o:Order xmlns:o=\"urn:o\" xml:lang=\"de-DE\" xml:space=\"preserve\"><o:Note xml:lang=\"fr\">  d'accord  </o:Note></o:Order>" },
        { "empty body", "" },
        // SignedXml refuses documents nested deeper than 64 levels; our own deep case is below.
        { "nesting", string.Concat(Enumerable.Repeat("<n:x xmlns:n=\"urn:n\">", 50)) + "deep" + string.Concat(Enumerable.Repeat("</n:x>", 50)) },
    };

    [Theory]
    [MemberData(nameof(DemandingBodies))]
    public void Demanding_body_round_trips_unchanged(string kind, string bodyContent)
    {
        foreach (var version in Enum.GetValues<SoapVersion>())
        {
            var (unsigned, signed) = SignBody(version, bodyContent);
            var result = Verifiers.Trusting(keys.RsaA).Verify(signed);
            Assert.True(result.IsValid, $"{kind}/{version}: {result}");
            Assert.True(NaiveVerifier.SignedXmlAccepts(SampleEnvelopes.Load(signed), keys.RsaA), $"{kind}/{version}: SignedXml rejects");
            // The signer may add a wsu:Id, nothing else: the body's content is the same infoset.
            Assert.Equal(BodyContent(SampleEnvelopes.Load(unsigned)), BodyContent(SampleEnvelopes.Load(signed)));
        }
    }

    /// <summary>
    /// Carriage returns (from &amp;#13; references) in text and attributes, and very deep nesting.
    /// SignedXml cannot judge these: for a same-document reference it re-parses the element's
    /// OuterXml, which turns a CR in text into LF and a TAB/LF in an attribute into a space, and it
    /// refuses depth over 64 (200 levels stay inside the verifier's default limit of 256). So the digest is checked against XmlDsigExcC14NTransform on the DOM
    /// instead (OracleCanonicalizer), which has the depth limit too: deep nesting only verifies.
    /// </summary>
    [Theory]
    [InlineData("CR in text", "<o:Order xmlns:o=\"urn:o\">line1&#13;\nline2&#xD;</o:Order>")]
    [InlineData("CR in attribute", "<o:Order xmlns:o=\"urn:o\" a=\"x&#13;y&#xD;z\"/>")]
    [InlineData("TAB and LF in attribute", "<o:Order xmlns:o=\"urn:o\" a=\"&#9;tab&#10;lf&#x9;\"/>")]
    [InlineData("deep nesting", "")]
    public void Body_SignedXml_cannot_judge_round_trips_with_the_oracle_digest(string kind, string bodyContent)
    {
        if (kind == "deep nesting")
            bodyContent = string.Concat(Enumerable.Repeat("<n:x xmlns:n=\"urn:n\">", 200)) + "deep" + string.Concat(Enumerable.Repeat("</n:x>", 200));
        var (_, signed) = SignBody(SoapVersion.Soap11, bodyContent);

        var result = Verifiers.Trusting(keys.RsaA).Verify(signed);
        Assert.True(result.IsValid, $"{kind}: {result}");
        if (kind == "deep nesting") return;
        var document = SampleEnvelopes.Load(signed);
        var body = (XmlElement)document.DocumentElement!.LastChild!;
        var bodyReference = document.GetElementsByTagName("Reference", WsNamespaces.Ds).Cast<XmlElement>()
            .Single(r => r.GetAttribute("URI") == "#" + body.GetAttribute("Id", WsNamespaces.Wsu));
        Assert.Equal(bodyReference["DigestValue", WsNamespaces.Ds]!.InnerText, TestSigner.Digest(body, System.Security.Cryptography.HashAlgorithmName.SHA256));
    }

    private (string Unsigned, byte[] Signed) SignBody(SoapVersion version, string bodyContent)
    {
        var unsigned = SampleEnvelopes.Envelope(version, bodyContent, bodyAttributes: " xmlns:x=\"urn:unused\" x:flag=\"on\"");
        return (unsigned, Sign(Encoding.UTF8.GetBytes(unsigned), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, SignerInput.Bytes));
    }

    [Fact]
    public void Input_with_XML_declaration_and_CRLF_line_breaks_round_trips()
    {
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n" +
                   SampleEnvelopes.Envelope(SoapVersion.Soap11, "\r\n<o:Order xmlns:o=\"urn:o\">\r\n  <o:Line>a\r\nb</o:Line>\r\n</o:Order>\r\n");
        var signed = Sign(Encoding.UTF8.GetBytes(text), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, SignerInput.Bytes);
        Assert.True(Verifiers.Trusting(keys.RsaA).Verify(signed).IsValid);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void XmlDocument_built_through_the_DOM_without_declarations_round_trips(bool namespacedAttributeWithoutPrefix)
    {
        // A caller's DOM has namespace URIs on its nodes but no xmlns attributes; the serialiser adds
        // them. An attribute put in a namespace without a prefix (SetAttribute(name, uri, value)) gets
        // a generated prefix ("d3p1:ref") when written: the signature must cover that, not the DOM's view.
        var document = new XmlDocument();
        var envelope = document.AppendChild(document.CreateElement("soap", "Envelope", WsNamespaces.Soap12))!;
        var body = envelope.AppendChild(document.CreateElement("soap", "Body", WsNamespaces.Soap12))!;
        var order = (XmlElement)body.AppendChild(document.CreateElement("o", "Order", "urn:o"))!;
        if (namespacedAttributeWithoutPrefix) order.SetAttribute("ref", "urn:refs", "R-1");
        else
        {
            var prefixed = document.CreateAttribute("r", "ref", "urn:refs");
            prefixed.Value = "R-1";
            order.SetAttributeNode(prefixed);
        }
        order.AppendChild(document.CreateElement("Line", "urn:default"))!.InnerText = "a & b";

        var signed = new ResponseSigner(new FakeTimeProvider(KeyMaterial.Epoch)).Sign(document, keys.SigningKeyOf(keys.RsaA), SignerSettings.Default);

        var result = Verifiers.Trusting(keys.RsaA).Verify(Encoding.UTF8.GetBytes(signed.OuterXml));
        Assert.True(result.IsValid, $"{result}\n{signed.OuterXml}");
    }

    [Fact]
    public void XmlDocument_loaded_without_preserving_whitespace_round_trips()
    {
        var document = new XmlDocument { PreserveWhitespace = false };
        document.LoadXml(SampleEnvelopes.Envelope(SoapVersion.Soap11, "\n  <o:Order xmlns:o=\"urn:o\">\n    <o:Id>1</o:Id>\n  </o:Order>\n"));

        var signed = new ResponseSigner(new FakeTimeProvider(KeyMaterial.Epoch)).Sign(document, keys.SigningKeyOf(keys.RsaA), SignerSettings.Default);

        Assert.True(Verifiers.Trusting(keys.RsaA).Verify(Encoding.UTF8.GetBytes(signed.OuterXml)).IsValid);
    }

    [Theory]
    [InlineData("Body binds wsu to another namespace", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body xmlns:wsu=\"urn:not-wsu\" wsu:flag=\"1\"><wsu:Order>1</wsu:Order></s:Body></s:Envelope>")]
    [InlineData("Envelope binds wsu to another namespace", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:wsu=\"urn:not-wsu\"><s:Body wsu:flag=\"1\"><wsu:Order>1</wsu:Order></s:Body></s:Envelope>")]
    [InlineData("SOAP prefix is wsse", "<wsse:Envelope xmlns:wsse=\"http://schemas.xmlsoap.org/soap/envelope/\"><wsse:Header/><wsse:Body><o xmlns=\"urn:o\"/></wsse:Body></wsse:Envelope>")]
    [InlineData("SOAP prefix is ds", "<ds:Envelope xmlns:ds=\"http://www.w3.org/2003/05/soap-envelope\"><ds:Body><o xmlns=\"urn:o\"/></ds:Body></ds:Envelope>")]
    [InlineData("Header already has a Security header for an intermediary", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header><wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\" s:actor=\"urn:hop\"/></s:Header><s:Body><o xmlns=\"urn:o\"/></s:Body></s:Envelope>")]
    public void Envelope_whose_prefixes_collide_with_the_signers_round_trips(string kind, string envelope)
    {
        var unsigned = SampleEnvelopes.Load(envelope);
        byte[] signed;
        try
        {
            signed = Sign(Encoding.UTF8.GetBytes(envelope), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, SignerInput.Bytes);
        }
        catch (Exception e)
        {
            Assert.Fail($"{kind}: the signer threw {e.GetType().Name}: {e.Message}");
            return;
        }

        var result = Verifiers.Trusting(keys.RsaA).Verify(signed);
        Assert.True(result.IsValid, $"{kind}: {result}\n{Encoding.UTF8.GetString(signed)}");
        Assert.Equal(BodyContent(unsigned), BodyContent(SampleEnvelopes.Load(signed)));
        Assert.True(NaiveVerifier.SignedXmlAccepts(SampleEnvelopes.Load(signed), keys.RsaA), $"{kind}: SignedXml rejects");
    }

    private const string S11 = "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"";

    [Theory]
    [InlineData("tags inside a comment before the root", "<!-- <s:Body> <s:Header> --><s:Envelope " + S11 + "><s:Body><o xmlns=\"urn:o\">1</o></s:Body></s:Envelope>")]
    [InlineData("tags inside a processing instruction", "<?pi <s:Header></s:Header> ?><s:Envelope " + S11 + "><?x </s:Body>?><s:Body><o xmlns=\"urn:o\">1</o></s:Body></s:Envelope>")]
    [InlineData("> and /> inside attribute values", "<s:Envelope " + S11 + " a=\"x>y/>\"><s:Header h='1>\"/>'/><s:Body b='1>\"2\"' c=\"/>\"><o xmlns=\"urn:o\" d=\">\">1</o></s:Body></s:Envelope>")]
    [InlineData("end tags inside CDATA and comments in the Header", "<s:Envelope " + S11 + "><s:Header><h:x xmlns:h=\"urn:h\"><![CDATA[</s:Header><s:Body>]]></h:x><!-- </s:Header> --></s:Header><s:Body><o xmlns=\"urn:o\"><![CDATA[</s:Body>]]></o></s:Body></s:Envelope>")]
    [InlineData("empty Header with a space before />", "<s:Envelope " + S11 + "><s:Header /><s:Body><o xmlns=\"urn:o\">1</o></s:Body></s:Envelope>")]
    [InlineData("empty Body", "<s:Envelope " + S11 + "><s:Body/></s:Envelope>")]
    [InlineData("start tags across lines", "<s:Envelope\n\t" + S11 + "\r\n><s:Header\n></s:Header\n><s:Body\n\tx=\"1\"\n><o xmlns=\"urn:o\">1</o></s:Body\n></s:Envelope>")]
    [InlineData("non-ASCII names and text", "<s:Envelope " + S11 + "><s:Header><ü:Kopf xmlns:ü=\"urn:ü\">Grüße</ü:Kopf></s:Header><s:Body Maß=\"5\"><o xmlns=\"urn:o\">東京 🔑</o></s:Body></s:Envelope>")]
    [InlineData("Envelope in the default namespace, no Header", "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><o xmlns=\"urn:o\">1</o></Body></Envelope>")]
    [InlineData("Header in the default namespace under a prefixed Envelope", "<s:Envelope " + S11 + "><Header xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><x xmlns=\"urn:x\"/></Header><s:Body><o xmlns=\"urn:o\">1</o></s:Body></s:Envelope>")]
    [InlineData("Header rebinds the Envelope's prefix", "<s:Envelope " + S11 + "><h:Header xmlns:h=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:s=\"urn:not-soap\"><s:x/></h:Header><s:Body><o xmlns=\"urn:o\">1</o></s:Body></s:Envelope>")]
    [InlineData("Body already has a wsu:Id", "<s:Envelope " + S11 + "><s:Body xmlns:u=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\" u:Id=\"mine\"><o xmlns=\"urn:o\">1</o></s:Body></s:Envelope>")]
    [InlineData("Envelope binds wsu to the wsu namespace", "<s:Envelope " + S11 + " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\"><s:Body><o xmlns=\"urn:o\" wsu:x=\"1\">1</o></s:Body></s:Envelope>")]
    public void Envelope_markup_that_could_mislead_a_byte_scanner_round_trips(string kind, string envelope)
    {
        // The signer inserts its header into the bytes it was given (docs/DESIGN.md §7a): every place where a
        // '<' or '>' is not markup, and every legal way to spell the tags, must still land it right.
        var signed = Sign(Encoding.UTF8.GetBytes(envelope), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, SignerInput.Bytes);

        var text = Encoding.UTF8.GetString(signed);
        var result = Verifiers.Trusting(keys.RsaA).Verify(signed);
        Assert.True(result.IsValid, $"{kind}: {result}\n{text}");
        var document = SampleEnvelopes.Load(signed);
        Assert.True(NaiveVerifier.SignedXmlAccepts(document, keys.RsaA), $"{kind}: SignedXml rejects\n{text}");
        Assert.Equal(BodyOf(SampleEnvelopes.Load(envelope)).InnerXml, BodyOf(document).InnerXml);
        // Everything but the Security header, the Body's wsu:Id and a Header made for them is the input, byte for byte.
        var stripped = Regex.Replace(text, "<wsse:Security .*</wsse:Security>", "", RegexOptions.Singleline);
        stripped = Regex.Replace(stripped, "( xmlns:wsu=\"[^\"]*\")? wsu:Id=\"Body-[0-9a-f]{32}\"", "");
        Assert.Equal(WithoutEmptyHeader(envelope), WithoutEmptyHeader(stripped));
    }

    private static string WithoutEmptyHeader(string xml) =>
        Regex.Replace(xml, "<((?:\\w+:)?Header)(?:\\s+[^\\s=]+\\s*=\\s*(?:\"[^\"]*\"|'[^']*'))*\\s*(?:/>|></\\1>)", "");

    private static XmlElement BodyOf(XmlDocument document) =>
        document.DocumentElement!.ChildNodes.OfType<XmlElement>().Single(e => e.LocalName == "Body" && e.NamespaceURI == document.DocumentElement.NamespaceURI);

    [Theory]
    [InlineData("utf-8 with BOM")]
    [InlineData("iso-8859-1")]
    [InlineData("utf-16")]
    public void Envelope_in_another_encoding_round_trips(string encoding)
    {
        // The signed bytes must say what they are: a declaration naming another encoding than the
        // bytes use would make every receiver read other characters than were signed.
        var body = "<o:Order xmlns:o=\"urn:o\">Grüße, Ærø</o:Order>";
        var (declared, bytesEncoding) = encoding switch
        {
            "iso-8859-1" => ("iso-8859-1", Encoding.Latin1),
            "utf-16" => ("utf-16", Encoding.Unicode),
            _ => ("utf-8", (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)),
        };
        var text = $"<?xml version=\"1.0\" encoding=\"{declared}\"?>" + SampleEnvelopes.Envelope(SoapVersion.Soap11, body);
        var input = bytesEncoding.GetPreamble().Concat(bytesEncoding.GetBytes(text)).ToArray();

        var signed = Sign(input, keys.SigningKeyOf(keys.RsaA), SignerSettings.Default, SignerInput.Bytes);

        var result = Verifiers.Trusting(keys.RsaA).Verify(signed);
        Assert.True(result.IsValid, result.ToString());
        var document = SampleEnvelopes.Load(signed);
        Assert.Equal("Grüße, Ærø", document.DocumentElement!.LastChild!.InnerText);
    }

    [Fact]
    public void IssuerSerial_of_a_certificate_with_a_comma_in_its_issuer_round_trips()
    {
        // The issuer DN "CN=\"Rotation, Test\",O=Rotation" must survive the signer's DN formatting.
        var signed = Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), keys.SigningKeyOf(keys.EscapedDn),
            new SignerSettings { KeyReference = KeyReference.IssuerSerial }, SignerInput.Bytes);

        var result = Verifiers.Trusting(keys.EscapedDn).Verify(signed);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(KeyReference.IssuerSerial, result.KeyReference);
    }

    [Fact]
    public void Each_signature_has_fresh_ids_and_a_fresh_timestamp()
    {
        var clock = new FakeTimeProvider(KeyMaterial.Epoch);
        var signer = new ResponseSigner(clock);
        var first = SampleEnvelopes.Load(signer.Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default));
        clock.Advance(TimeSpan.FromSeconds(7));
        var second = SampleEnvelopes.Load(signer.Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), keys.SigningKeyOf(keys.RsaA), SignerSettings.Default));

        string TimestampId(XmlDocument d) => ((XmlElement)d.GetElementsByTagName("Timestamp", WsNamespaces.Wsu)[0]!).GetAttribute("Id", WsNamespaces.Wsu);
        string Created(XmlDocument d) => d.GetElementsByTagName("Created", WsNamespaces.Wsu)[0]!.InnerText;
        Assert.NotEqual(TimestampId(first), TimestampId(second));
        Assert.Equal("2026-06-01T10:00:00.000Z", Created(first));
        Assert.Equal("2026-06-01T10:00:07.000Z", Created(second));
    }

    [Fact]
    public async Task One_signer_and_one_verifier_serve_concurrent_messages()
    {
        // The tenant signs and the sender verifies many responses at once with shared instances.
        var signer = new ResponseSigner(new FakeTimeProvider(KeyMaterial.Epoch));
        var verifier = Verifiers.Trusting(keys.RsaA, keys.EcP256);
        var work = Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            var certificate = i % 2 == 0 ? keys.RsaA : keys.EcP256;
            var settings = new SignerSettings
            {
                Algorithm = i % 2 == 0 ? SignatureAlgorithm.RsaSha256 : SignatureAlgorithm.EcdsaSha256,
                KeyReference = i % 4 < 2 ? KeyReference.BinarySecurityToken : KeyReference.IssuerSerial,
            };
            var body = $"<o:Order xmlns:o=\"urn:o\"><o:Id>{i}</o:Id></o:Order>";
            var signed = signer.Sign(Encoding.UTF8.GetBytes(SampleEnvelopes.Envelope(SoapVersion.Soap12, body)), keys.SigningKeyOf(certificate), settings);
            return (Certificate: certificate, Result: verifier.Verify(signed));
        })).ToList();

        foreach (var (certificate, result) in await Task.WhenAll(work))
        {
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(CertificateInfo.Fingerprint(certificate), result.Fingerprint);
        }
    }

    [Fact]
    public void Signer_refuses_an_algorithm_the_key_cannot_use_and_a_key_reference_it_does_not_produce()
    {
        var signer = new ResponseSigner(new FakeTimeProvider(KeyMaterial.Epoch));
        var envelope = SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11);
        Assert.ThrowsAny<ArgumentException>(() => signer.Sign(envelope, keys.SigningKeyOf(keys.RsaA), new SignerSettings { Algorithm = SignatureAlgorithm.EcdsaSha256 }));
        Assert.ThrowsAny<ArgumentException>(() => signer.Sign(envelope, keys.SigningKeyOf(keys.EcP256), new SignerSettings { Algorithm = SignatureAlgorithm.RsaSha256 }));
        Assert.ThrowsAny<ArgumentException>(() => signer.Sign(envelope, keys.SigningKeyOf(keys.RsaA), new SignerSettings { KeyReference = KeyReference.Thumbprint }));
    }

    private static string BodyContent(XmlDocument document)
    {
        var body = (XmlElement)document.DocumentElement!.LastChild!;
        return body.InnerXml;
    }

    private static byte[] Sign(byte[] envelope, SigningKey key, SignerSettings settings, SignerInput input) =>
        Signers.Sign(envelope, key, settings, input);
}
