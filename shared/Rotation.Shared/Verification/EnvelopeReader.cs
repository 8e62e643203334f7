using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;

namespace Rotation.Shared.Verification;

/// <summary>
/// Reads a received envelope in one pass (docs/DESIGN.md §3): the Envelope's start tag, the Header and whatever follows
/// the Body into a DOM; the Body's content is streamed, never built. The Header comes before the Body in every envelope
/// the verifier accepts, so when the Body starts the caller can authenticate SignedInfo and say how to canonicalise the
/// Body for its digest; otherwise the content is only read. Either way its ids are indexed and every limit of
/// <see cref="XmlLimits"/> holds in the whole document.
/// </summary>
internal static class EnvelopeReader
{
    /// <summary>The tree, or the limit the bytes broke, or the parser's complaint: exactly one is set.</summary>
    public readonly record struct Outcome(EnvelopeTree? Tree, XmlLimitBreach? Breach, string? NotWellFormed);

    /// <summary>How to canonicalise the Body's subtree while it streams, and where to write it.</summary>
    public sealed record BodyCanonicalization(IReadOnlyCollection<string>? InclusivePrefixes, Utf8Sink Sink);

    /// <param name="atBody">Called on the Body's start tag, with the tree read so far; null: do not canonicalise.</param>
    public static Outcome Read(byte[] bytes, int count, long maxCharacters, XmlLimits limits, Func<EnvelopeTree, BodyCanonicalization?> atBody)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var tree = new EnvelopeTree(document, new IdIndex());
        using var stream = new MemoryStream(bytes, 0, count, writable: false);
        using var reader = new LimitingXmlReader(XmlReader.Create(stream, SafeXml.ReaderSettings(maxCharacters)), limits);
        try
        {
            if (reader.MoveToContent() != XmlNodeType.Element) return new Outcome(null, null, "Root element is missing.");
            if (reader.LocalName == "Envelope" && reader.NamespaceURI is WsNamespaces.Soap11 or WsNamespaces.Soap12)
                ReadEnvelope(reader, tree, atBody);
            else
                Append(document, document.ReadNode(reader)!, tree.Ids); // not an envelope: the verifier refuses it whole
            while (reader.Read()) { } // the epilogue must be well-formed too
            return new Outcome(tree, null, null);
        }
        catch (LimitingXmlReader.BreachException e)
        {
            return new Outcome(null, e.Breach, null);
        }
        catch (XmlException e)
        {
            return new Outcome(null, null, e.Message);
        }
    }

    private static void ReadEnvelope(LimitingXmlReader reader, EnvelopeTree tree, Func<EnvelopeTree, BodyCanonicalization?> atBody)
    {
        var document = tree.Document;
        var envelope = StartTag(document, reader);
        Append(document, envelope, tree.Ids);
        if (reader.IsEmptyElement) return;
        reader.Read();
        // Between the Envelope's children only their elements matter: text, comments and white space there are dropped.
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element) reader.Read();
            else if (tree.StreamedBody is null && reader.LocalName == "Body" && reader.NamespaceURI == envelope.NamespaceURI)
            {
                tree.StreamedBody = StartTag(document, reader);
                Append(envelope, tree.StreamedBody, tree.Ids);
                StreamBody(reader, tree.Ids, atBody(tree));
                reader.Read();
            }
            else Append(envelope, document.ReadNode(reader)!, tree.Ids); // leaves the reader on the next node
        }
    }

    /// <summary>
    /// Reads the Body's content, canonicalising it when asked, and leaves the reader on the Body's last node. The content
    /// is read from the checked reader's inner one, checked here start tag by start tag: the Body is most of an envelope.
    /// </summary>
    private static void StreamBody(LimitingXmlReader checkedReader, IdIndex ids, BodyCanonicalization? canonicalization)
    {
        var reader = checkedReader.Inner;
        var depth = reader.Depth;
        if (canonicalization is not null)
        {
            StreamingCanonicalizer.Canonicalize(reader, canonicalization.InclusivePrefixes, canonicalization.Sink, element =>
            {
                if (element.Depth == depth) return; // the Body's start tag: checked, and indexed with the tree
                checkedReader.CheckElement();
                ids.AddStreamed(element);
            });
            return;
        }
        if (reader.IsEmptyElement) return;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            checkedReader.CheckElement();
            ids.AddStreamed(reader);
        }
    }

    /// <summary>An element with the attributes of the start tag the reader is on, and no content.</summary>
    private static XmlElement StartTag(XmlDocument document, XmlReader reader)
    {
        var element = document.CreateElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
        if (!reader.MoveToFirstAttribute()) return element;
        do
        {
            var attribute = document.CreateAttribute(reader.Prefix, reader.LocalName, reader.NamespaceURI);
            attribute.Value = reader.Value;
            element.Attributes.Append(attribute);
        }
        while (reader.MoveToNextAttribute());
        reader.MoveToElement();
        return element;
    }

    private static void Append(XmlNode parent, XmlNode child, IdIndex ids)
    {
        parent.AppendChild(child);
        if (child is XmlElement element) ids.Add(element);
    }
}
