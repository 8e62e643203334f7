using System.Text;
using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;

namespace Rotation.Shared.Tests.Canonicalization;

/// <summary>
/// The canonicalizer the signer runs while it parses the response and the verifier runs on the received Body (no DOM),
/// held byte for byte against XmlDsigExcC14NTransform on the same generated corpus and rules as the DOM canonicalizer:
/// with and without the attribute the signer adds to the element (the Body's wsu:Id), and with the InclusiveNamespaces
/// PrefixLists a received reference may carry.
/// </summary>
public sealed class StreamingCanonicalizerOracleTests
{
    private const int SeedsPerBatch = 150;

    public static TheoryData<int> Batches() => [.. Enumerable.Range(0, 10)];

    [Theory]
    [MemberData(nameof(Batches))]
    public void Generated_corpus_matches_XmlDsigExcC14NTransform(int batch)
    {
        var compared = 0;
        for (var seed = batch * SeedsPerBatch; seed < (batch + 1) * SeedsPerBatch; seed++)
        {
            var generator = new RandomXmlGenerator(seed);
            var xml = generator.Generate();
            var elements = Load(xml).GetElementsByTagName("*").Cast<XmlElement>().ToList();
            foreach (var index in generator.TargetIndexes(elements.Count))
            {
                AssertSameAsOracle(xml, index, added: false, $"seed {seed}, element #{index} <{elements[index].Name}>\n{xml}");
                AssertSameAsOracle(xml, index, added: true, $"seed {seed}, element #{index} <{elements[index].Name}> with a wsu:Id added\n{xml}");
                var prefixes = generator.InclusivePrefixes() ?? ["#default"];
                AssertSameAsOracle(xml, index, added: false, $"seed {seed}, element #{index} <{elements[index].Name}>, inclusive [{string.Join(' ', prefixes)}]\n{xml}", prefixes);
                compared += 3;
            }
        }
        Assert.True(compared >= 3 * SeedsPerBatch, $"only {compared} comparisons");
    }

    /// <summary>The DOM canonicalizer's rules, and a few more about attributes the signer adds and PrefixLists a sender writes.</summary>
    public static TheoryData<string, string, string?> Rules()
    {
        var rules = new TheoryData<string, string, string?>();
        foreach (var rule in ExclusiveCanonicalizerOracleTests.Rules()) rules.Add((string)rule[0], (string)rule[1], (string?)rule[2]);
        rules.Add("wsu already bound above the element", "<r xmlns:wsu=\"" + WsNamespaces.Wsu + "\"><e wsu:x=\"1\"><wsu:f/></e></r>", null);
        rules.Add("listed prefix redeclared below the apex to the same URI", "<r xmlns:p=\"urn:p\"><a><b xmlns:p=\"urn:p\"><c xmlns:p=\"urn:q\"/></b></a></r>", "p");
        rules.Add("listed default undone below the apex", "<r xmlns=\"urn:d\"><a><b xmlns=\"\"><c xmlns=\"urn:e\"/></b></a></r>", "#default");
        rules.Add("listed xml, xmlns and unbound prefixes render nothing", "<r xml:lang=\"en\"><a/></r>", "xml xmlns unbound");
        rules.Add("listed prefix in scope from several levels up", "<r xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"><m xmlns:q=\"urn:q2\"><a><b/></a></m></r>", "p q");
        return rules;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_matches_the_oracle_for_every_element(string rule, string xml, string? inclusive)
    {
        var prefixes = inclusive?.Split(' ');
        var count = Load(xml).GetElementsByTagName("*").Count;
        for (var index = 0; index < count; index++)
        {
            AssertSameAsOracle(xml, index, added: false, $"{rule}: element #{index} of {xml}", prefixes);
            if (prefixes is null) AssertSameAsOracle(xml, index, added: true, $"{rule}: element #{index} of {xml}, wsu:Id added");
        }
    }

    [Fact]
    public void Reader_is_left_on_the_elements_last_node()
    {
        // The signer keeps reading after the Body: the canonicalizer must not consume its sibling.
        using var reader = XmlReader.Create(new StringReader("<r><a><b/>t</a><c/><d/></r>"), SafeXml.ReaderSettings(1 << 20));
        reader.MoveToContent();
        reader.Read();
        using var sink = new Utf8Sink();
        StreamingCanonicalizer.Canonicalize(reader, sink);
        Assert.Equal("<a><b></b>t</a>", Encoding.UTF8.GetString(sink.Written));
        Assert.Equal((XmlNodeType.EndElement, "a"), (reader.NodeType, reader.Name));
        reader.Read();
        sink.Clear();
        StreamingCanonicalizer.Canonicalize(reader, sink);
        Assert.Equal("<c></c>", Encoding.UTF8.GetString(sink.Written));
        Assert.True(reader.Read());
        Assert.Equal("d", reader.Name);
    }

    /// <summary>
    /// Streams element #<paramref name="index"/> (document order) and compares with the oracle on the DOM; with
    /// <paramref name="added"/>, the DOM element gets the attribute and, where needed, its declaration, as the
    /// signer writes them into the start tag.
    /// </summary>
    private static void AssertSameAsOracle(string xml, int index, bool added, string context, IReadOnlyCollection<string>? prefixes = null)
    {
        var document = Load(xml);
        var element = document.GetElementsByTagName("*").Cast<XmlElement>().ElementAt(index);
        AddedAttribute? attribute = null;
        if (added)
        {
            var prefix = "wsu";
            for (var i = 1; element.GetNamespaceOfPrefix(prefix) is { Length: > 0 } bound && bound != WsNamespaces.Wsu; i++) prefix = "wsu" + i;
            attribute = new AddedAttribute(prefix, "Id", WsNamespaces.Wsu, "id-" + index);
            if (element.GetNamespaceOfPrefix(prefix) != WsNamespaces.Wsu) element.SetAttribute("xmlns:" + prefix, WsNamespaces.Wsu);
            var node = document.CreateAttribute(prefix, "Id", WsNamespaces.Wsu);
            node.Value = attribute.Value.Value;
            element.SetAttributeNode(node);
        }
        var expected = OracleCanonicalizer.Canonicalize(element, prefixes);

        using var reader = XmlReader.Create(new StringReader(xml), SafeXml.ReaderSettings(1 << 24));
        var seen = -1;
        while (reader.Read())
            if (reader.NodeType == XmlNodeType.Element && ++seen == index) break;
        using var sink = new Utf8Sink();
        if (prefixes is null) StreamingCanonicalizer.Canonicalize(reader, sink, attribute);
        else StreamingCanonicalizer.Canonicalize(reader, prefixes, sink);

        if (expected.AsSpan().SequenceEqual(sink.Written)) return;
        Assert.Fail($"streaming exclusive c14n differs from XmlDsigExcC14NTransform ({context})\nexpected: {Show(expected)}\nactual:   {Show(sink.Written.ToArray())}");
    }

    private static string Show(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    /// <summary>Through a conforming (normalising) reader, as a receiver parses: XmlDocument.LoadXml keeps literal tabs and CRs in attributes.</summary>
    private static XmlDocument Load(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), SafeXml.ReaderSettings(1 << 24));
        document.Load(reader);
        return document;
    }
}
