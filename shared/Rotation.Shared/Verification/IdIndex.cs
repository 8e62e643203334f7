using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>
/// Every element carrying an id (wsu:Id, Id, ID, id, xml:id) in the whole document. A reference resolves
/// only when its id names exactly one element: duplicates are how wrapping attacks pick the element.
/// </summary>
internal sealed class IdIndex
{
    private readonly Dictionary<string, XmlElement> _byId = new(StringComparer.Ordinal);

    private IdIndex() { }

    /// <summary>Indexes the ids; rejects duplicates, and trees deeper than <paramref name="maxDepth"/> before anything recurses over them.</summary>
    public static Parsed<IdIndex> Build(XmlDocument document, int maxDepth)
    {
        var index = new IdIndex();
        var (duplicate, tooDeep) = index.Walk(document.DocumentElement!, maxDepth);
        if (tooDeep) return VerificationResult.Rejected(RejectReason.Malformed, $"elements nest deeper than {maxDepth} levels");
        return duplicate is null
            ? index
            : VerificationResult.Rejected(RejectReason.DuplicateId, $"the id '{duplicate}' is used by more than one element");
    }

    public XmlElement? Find(string id) => _byId.GetValueOrDefault(id);

    private (string? Duplicate, bool TooDeep) Walk(XmlElement root, int maxDepth)
    {
        // Iterative: a hostile document may nest deeper than the stack allows.
        var pending = new Stack<(XmlElement Element, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (element, depth) = pending.Pop();
            if (depth > maxDepth) return (null, true);
            if (element.HasAttributes)
            {
                foreach (XmlAttribute attribute in element.Attributes)
                {
                    if (!IsIdAttribute(attribute)) continue;
                    // One element carrying two id attributes with the same value names one element, not two.
                    if (!_byId.TryAdd(attribute.Value, element) && !ReferenceEquals(_byId[attribute.Value], element))
                        return (attribute.Value, false);
                }
            }
            for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
                if (child is XmlElement e) pending.Push((e, depth + 1));
        }
        return (null, false);
    }

    private static bool IsIdAttribute(XmlAttribute attribute) => attribute.NamespaceURI switch
    {
        "" => attribute.LocalName is "Id" or "ID" or "id",
        WsNamespaces.Wsu => attribute.LocalName == "Id",
        WsNamespaces.Xml => attribute.LocalName == "id",
        _ => false,
    };
}
