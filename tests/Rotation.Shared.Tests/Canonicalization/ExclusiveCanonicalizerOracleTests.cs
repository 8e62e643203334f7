using System.Text;
using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.Tests.Support;

namespace Rotation.Shared.Tests.Canonicalization;

/// <summary>
/// The canonicalizer the verifier runs on the parsed DOM, held byte for byte against .NET's
/// XmlDsigExcC14NTransform (docs/DESIGN.md §7a): hand-picked cases for each rule of the standard, then a
/// generated corpus of a few thousand subtrees with fixed seeds.
/// </summary>
public sealed class ExclusiveCanonicalizerOracleTests
{
    private const int SeedsPerBatch = 150;

    public static TheoryData<int> Batches() => [.. Enumerable.Range(0, 20)];

    [Theory]
    [MemberData(nameof(Batches))]
    public void Generated_corpus_matches_XmlDsigExcC14NTransform(int batch)
    {
        var compared = 0;
        for (var seed = batch * SeedsPerBatch; seed < (batch + 1) * SeedsPerBatch; seed++)
        {
            var generator = new RandomXmlGenerator(seed);
            var xml = generator.Generate();
            var document = Load(xml);
            var elements = document.GetElementsByTagName("*").Cast<XmlElement>().ToList();
            foreach (var target in generator.TargetIndexes(elements.Count).Select(i => elements[i]))
            {
                var prefixes = generator.InclusivePrefixes();
                AssertSameAsOracle(target, prefixes, $"seed {seed}, element #{elements.IndexOf(target)} <{target.Name}>, inclusive [{(prefixes is null ? "none" : string.Join(' ', prefixes))}]\n{xml}");
                compared++;
            }
        }
        Assert.True(compared >= SeedsPerBatch, $"only {compared} comparisons");
    }

    [Fact]
    public void Generated_corpus_covers_the_hard_cases()
    {
        // A corpus that never produced these would prove little: count them in the oracle's output.
        var wanted = new Dictionary<string, int>
        {
            ["xmlns=\"\""] = 0, ["&#xD;"] = 0, ["&#x9;"] = 0, ["&#xA;"] = 0, ["&quot;"] = 0, ["&amp;"] = 0, ["&lt;"] = 0,
            ["&gt;"] = 0, ["<?"] = 0, ["xml:lang="] = 0, [" xmlns=\""] = 0, [" xmlns:"] = 0, ["🔑"] = 0,
        };
        var inclusiveChangedOutput = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var generator = new RandomXmlGenerator(seed);
            var document = Load(generator.Generate());
            foreach (var element in document.GetElementsByTagName("*").Cast<XmlElement>())
            {
                var output = Encoding.UTF8.GetString(OracleCanonicalizer.Canonicalize(element));
                foreach (var key in wanted.Keys.ToList()) if (output.Contains(key, StringComparison.Ordinal)) wanted[key]++;
                var inclusive = Encoding.UTF8.GetString(OracleCanonicalizer.Canonicalize(element, RandomXmlGenerator.Prefixes.Append("#default").ToList()));
                if (inclusive != output) inclusiveChangedOutput++;
            }
        }
        Assert.All(wanted, pair => Assert.True(pair.Value >= 5, $"the corpus rendered '{pair.Key}' only {pair.Value} times"));
        Assert.True(inclusiveChangedOutput >= 50, $"inclusive prefixes changed the output only {inclusiveChangedOutput} times");
    }

    public static TheoryData<string, string, string?> Rules() => new()
    {
        // name, document, XPath-free locator (the n-th element in document order), inclusive prefixes
        { "empty element is written as start and end tag", "<a/>", null },
        { "unused declaration is dropped", "<a xmlns:p=\"urn:p\"><b/></a>", null },
        { "default namespace rendered where used", "<a xmlns=\"urn:x\"><b/></a>", null },
        { "xmlns=\"\" undoes a rendered default", "<a xmlns=\"urn:x\"><b xmlns=\"\"><c/></b></a>", null },
        { "same prefix and URI is not rendered twice", "<p:a xmlns:p=\"urn:p\"><p:b xmlns:p=\"urn:p\"/></p:a>", null },
        { "prefix redeclared to another URI is rendered", "<p:a xmlns:p=\"urn:p\"><p:b xmlns:p=\"urn:other\"/></p:a>", null },
        { "prefix used only by an attribute", "<a xmlns:p=\"urn:p\"><b p:x=\"1\"/></a>", null },
        { "attributes ordered by namespace URI then local name", "<e xmlns:a=\"urn:b\" xmlns:b=\"urn:a\" b:z=\"1\" y=\"2\" a:y=\"3\" x=\"4\" b:a=\"5\"/>", null },
        { "namespaces ordered by prefix, default first", "<z:e xmlns:z=\"urn:z\" xmlns:a=\"urn:a\" xmlns=\"urn:d\" a:x=\"1\"><f/></z:e>", null },
        { "two prefixes for one URI", "<p:e xmlns:p=\"urn:same\" xmlns:q=\"urn:same\" q:x=\"1\"/>", null },
        { "xml attributes are kept and not declared", "<e xml:lang=\"de\" xml:space=\"preserve\"> x </e>", null },
        { "text escapes", "<e>&amp; &lt; &gt; \" ' &#xD; &#13;\r\n\t</e>", null },
        { "attribute escapes", "<e a=\"&amp; &lt; > &quot; ' &#9; &#10; &#13; \t literal\"/>", null },
        { "comments dropped, PIs kept", "<e><!--c--><?pi data?><?bare?></e>", null },
        { "CDATA becomes escaped text", "<e><![CDATA[<x> & ]]></e>", null },
        { "whitespace outside the element is not output", "<e>\n  <f> </f>\n</e>", null },
        { "inclusive prefix in scope but unused is rendered", "<a xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"><b/></a>", "p" },
        { "inclusive #default", "<a xmlns=\"urn:d\"><b xmlns=\"\"><c/></b></a>", "#default" },
        { "inclusive prefix not in scope is ignored", "<a><b/></a>", "p #default" },
        { "non-ASCII names and text", "<Größe xmlns:ü=\"urn:ü\" ü:Maß=\"5\">東京 🔑</Größe>", null },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_matches_the_oracle_for_every_element(string rule, string xml, string? inclusive)
    {
        var document = Load(xml);
        var prefixes = inclusive?.Split(' ');
        foreach (var element in document.GetElementsByTagName("*").Cast<XmlElement>())
            AssertSameAsOracle(element, prefixes, $"{rule}: <{element.Name}> of {xml}");
    }

    [Fact]
    public void Subtree_inside_a_SOAP_envelope_matches_the_oracle()
    {
        var envelope = SampleEnvelopes.Load(SampleEnvelopes.Envelope(SoapVersion.Soap11, SampleEnvelopes.OrderConfirmationBody(),
            bodyAttributes: " xmlns:wsu=\"urn:wsu\" wsu:Id=\"b\""));
        foreach (var element in envelope.GetElementsByTagName("*").Cast<XmlElement>())
        {
            AssertSameAsOracle(element, null, element.Name);
            AssertSameAsOracle(element, ["s", "wsu", "#default"], element.Name + " with inclusive prefixes");
        }
    }

    [Fact]
    public void Every_element_of_a_signed_response_matches_the_oracle()
    {
        // What the signer wrote into the response bytes, as the receiver parses it.
        using var certificate = Rotation.Testing.Keys.TestCertificates.AtEpoch("CN=c14n,O=Rotation", Certificates.KeyAlgorithm.EcP256, TimeSpan.FromDays(-1), TimeSpan.FromDays(1));
        using var key = new Rotation.Shared.WsSecurity.SigningKey(certificate);
        foreach (var reference in new[] { Rotation.Shared.WsSecurity.KeyReference.BinarySecurityToken, Rotation.Shared.WsSecurity.KeyReference.IssuerSerial })
        {
            var signed = new Rotation.Shared.WsSecurity.ResponseSigner(TimeProvider.System).Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap12), key,
                new Rotation.Shared.WsSecurity.SignerSettings { KeyReference = reference, Algorithm = Rotation.Shared.WsSecurity.SignatureAlgorithm.EcdsaSha256 });
            foreach (var element in SampleEnvelopes.Load(signed).GetElementsByTagName("*").Cast<XmlElement>())
                AssertSameAsOracle(element, null, $"{reference}: <{element.Name}>");
        }
    }

    [Fact]
    public void Element_built_through_the_DOM_matches_the_oracle_after_a_round_trip()
    {
        // A header built through the DOM (as callers of the XmlDocument overload do); what the receiver parses must canonicalise alike.
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml("<r xmlns:p=\"urn:p\"><p:c/></r>");
        var added = document.CreateElement("q", "added", "urn:q");
        added.SetAttribute("plain", "\r\t\n&<>\"");
        added.AppendChild(document.CreateTextNode("text\r\n& < > \""));
        document.DocumentElement!.AppendChild(added);

        var reparsed = Load(document.OuterXml);
        var direct = ExclusiveCanonicalizer.Canonicalize((XmlElement)document.DocumentElement!.LastChild!);
        AssertSameAsOracle((XmlElement)reparsed.DocumentElement!.LastChild!, null, "reparsed");
        Assert.Equal(Encoding.UTF8.GetString(OracleCanonicalizer.Canonicalize((XmlElement)document.DocumentElement!.LastChild!)), Encoding.UTF8.GetString(direct));
    }

    private static void AssertSameAsOracle(XmlElement element, IReadOnlyCollection<string>? prefixes, string context)
    {
        var expected = OracleCanonicalizer.Canonicalize(element, prefixes);
        var actual = ExclusiveCanonicalizer.Canonicalize(element, prefixes);
        if (expected.AsSpan().SequenceEqual(actual)) return;
        Assert.Fail($"exclusive c14n differs from XmlDsigExcC14NTransform ({context})\nexpected: {Show(expected)}\nactual:   {Show(actual)}");
    }

    private static string Show(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    private static XmlDocument Load(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(xml);
        return document;
    }
}
