using System.Text;
using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;

namespace Rotation.Shared.Tests.Canonicalization;

/// <summary>
/// The canonicalizer the signer runs while it parses the response (no DOM), held byte for byte against
/// XmlDsigExcC14NTransform on the same generated corpus and rules as the DOM canonicalizer, with and without
/// the attribute the signer adds to the element (the Body's wsu:Id).
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
                compared += 2;
            }
        }
        Assert.True(compared >= 2 * SeedsPerBatch, $"only {compared} comparisons");
    }

    /// <summary>The DOM canonicalizer's rules without an inclusive prefix list (the signer never sends one), and one more.</summary>
    public static TheoryData<string, string> Rules()
    {
        var rules = new TheoryData<string, string>();
        foreach (var rule in ExclusiveCanonicalizerOracleTests.Rules())
            if (rule[2] is null) rules.Add((string)rule[0], (string)rule[1]);
        rules.Add("wsu already bound above the element", "<r xmlns:wsu=\"" + WsNamespaces.Wsu + "\"><e wsu:x=\"1\"><wsu:f/></e></r>");
        return rules;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_matches_the_oracle_for_every_element(string rule, string xml)
    {
        var count = Load(xml).GetElementsByTagName("*").Count;
        for (var index = 0; index < count; index++)
        {
            AssertSameAsOracle(xml, index, added: false, $"{rule}: element #{index} of {xml}");
            AssertSameAsOracle(xml, index, added: true, $"{rule}: element #{index} of {xml}, wsu:Id added");
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
    private static void AssertSameAsOracle(string xml, int index, bool added, string context)
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
        var expected = OracleCanonicalizer.Canonicalize(element);

        using var reader = XmlReader.Create(new StringReader(xml), SafeXml.ReaderSettings(1 << 24));
        var seen = -1;
        while (reader.Read())
            if (reader.NodeType == XmlNodeType.Element && ++seen == index) break;
        using var sink = new Utf8Sink();
        StreamingCanonicalizer.Canonicalize(reader, sink, attribute);

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
