using System.Xml;

namespace Rotation.Shared.Verification;

/// <summary>
/// A received envelope as the verifier reasons about it: the Envelope, its Header and anything after the Body as a DOM,
/// and the Body either whole or, when it was streamed (docs/DESIGN.md §3), as an element with its attributes only.
/// </summary>
internal sealed class EnvelopeTree(XmlDocument document, IdIndex ids)
{
    public XmlDocument Document => document;
    public IdIndex Ids => ids;

    /// <summary>The Body's start tag when its content was streamed rather than kept; null when the tree is whole.</summary>
    public XmlElement? StreamedBody { get; set; }

    /// <summary>A document parsed whole, with all its ids indexed.</summary>
    public static EnvelopeTree Whole(XmlDocument document)
    {
        var ids = new IdIndex();
        ids.Add(document.DocumentElement!);
        return new EnvelopeTree(document, ids);
    }
}
