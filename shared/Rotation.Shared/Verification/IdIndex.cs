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

    /// <summary>Indexes the ids and rejects duplicates. The tree's depth was bounded while it was parsed.</summary>
    public static Parsed<IdIndex> Build(XmlDocument document)
    {
        var index = new IdIndex();
        var duplicate = index.Walk(document.DocumentElement!);
        return duplicate is null
            ? index
            : VerificationResult.Rejected(RejectReason.DuplicateId, $"the id '{duplicate}' is used by more than one element");
    }

    public XmlElement? Find(string id) => _byId.GetValueOrDefault(id);

    private string? Walk(XmlElement root)
    {
        var pending = new Stack<XmlElement>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (element.HasAttributes)
            {
                foreach (XmlAttribute attribute in element.Attributes)
                {
                    if (!IsIdAttribute(attribute)) continue;
                    // One element carrying two id attributes with the same value names one element, not two.
                    if (!_byId.TryAdd(attribute.Value, element) && !ReferenceEquals(_byId[attribute.Value], element))
                        return attribute.Value;
                }
            }
            // Forward only: XmlNode.PreviousSibling walks from the first child, which made this quadratic in siblings.
            for (var child = element.FirstChild; child is not null; child = child.NextSibling)
                if (child is XmlElement e) pending.Push(e);
        }
        return null;
    }

    private static bool IsIdAttribute(XmlAttribute attribute) => attribute.NamespaceURI switch
    {
        "" => attribute.LocalName is "Id" or "ID" or "id",
        WsNamespaces.Wsu => attribute.LocalName == "Id",
        WsNamespaces.Xml => attribute.LocalName == "id",
        _ => false,
    };
}
