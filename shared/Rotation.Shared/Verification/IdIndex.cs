using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>
/// Every element carrying an id (wsu:Id, Id, ID, id, xml:id) in the whole document. A reference resolves
/// only when its id names exactly one element: duplicates are how wrapping attacks pick the element.
/// Filled as the envelope is read: subtrees held in the DOM by element, the streamed Body's content by id alone.
/// </summary>
internal sealed class IdIndex
{
    /// <summary>Null for an element of the streamed Body's content, which no tree holds.</summary>
    private readonly Dictionary<string, XmlElement?> _byId = new(StringComparer.Ordinal);

    /// <summary>The ids one streamed element carries, to tell one element's repeated id from two elements sharing it.</summary>
    private readonly List<string> _element = [];

    /// <summary>The first id found on more than one element, or null.</summary>
    public string? Duplicate { get; private set; }

    /// <summary>docs/DESIGN.md §3 check 3: ids are unique in the whole document.</summary>
    public VerificationResult? Rejection() => Duplicate is null
        ? null
        : VerificationResult.Rejected(RejectReason.DuplicateId, $"the id '{Duplicate}' is used by more than one element");

    /// <summary>The element the id names in the tree; null when none does or when it lies in the streamed Body.</summary>
    public XmlElement? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Whether the id names an element of the streamed Body's content (whose canonical form was not kept).</summary>
    public bool IsStreamed(string id) => _byId.TryGetValue(id, out var element) && element is null;

    /// <summary>
    /// Indexes a subtree held in the DOM, in document order like the stream, so both name the same first duplicate.
    /// Its depth was bounded while it was parsed.
    /// </summary>
    public void Add(XmlElement root)
    {
        XmlNode? node = root;
        while (node is not null)
        {
            if (node is XmlElement element)
            {
                Index(element);
                if (element.FirstChild is { } first)
                {
                    node = first;
                    continue;
                }
            }
            // Forward only: XmlNode.PreviousSibling walks from the first child, which made this quadratic in siblings.
            while (node != root && node.NextSibling is null) node = node.ParentNode!;
            node = node == root ? null : node.NextSibling;
        }
    }

    private void Index(XmlElement element)
    {
        if (!element.HasAttributes) return;
        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (!IsIdAttribute(attribute.NamespaceURI, attribute.LocalName)) continue;
            // One element carrying two id attributes with the same value names one element, not two.
            if (!_byId.TryAdd(attribute.Value, element) && !ReferenceEquals(_byId[attribute.Value], element))
                Duplicate ??= attribute.Value;
        }
    }

    /// <summary>Indexes the element a reader stands on (an element of the streamed Body's content).</summary>
    public void AddStreamed(XmlReader reader)
    {
        if (!reader.MoveToFirstAttribute()) return;
        _element.Clear();
        do
        {
            if (!IsIdAttribute(reader.NamespaceURI, reader.LocalName)) continue;
            var id = reader.Value;
            if (!_byId.TryAdd(id, null) && !_element.Contains(id)) Duplicate ??= id;
            _element.Add(id);
        }
        while (reader.MoveToNextAttribute());
        reader.MoveToElement();
    }

    private static bool IsIdAttribute(string namespaceUri, string localName) => namespaceUri switch
    {
        "" => localName is "Id" or "ID" or "id",
        WsNamespaces.Wsu => localName == "Id",
        WsNamespaces.Xml => localName == "id",
        _ => false,
    };
}
