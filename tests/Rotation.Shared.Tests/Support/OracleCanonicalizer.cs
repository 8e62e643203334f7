using System.Security.Cryptography.Xml;
using System.Xml;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// Exclusive c14n of one element in its document context, computed by .NET's
/// XmlDsigExcC14NTransform the way SignedXml does for a same-document reference: the subtree is
/// copied into a fresh document and the namespace declarations in scope from its ancestors are
/// added to its root (exc-c14n then drops those not visibly used). The copy is a DOM import, not a
/// text round trip, so characters such as a CR inside text survive.
/// </summary>
public static class OracleCanonicalizer
{
    public static byte[] Canonicalize(XmlElement element, IEnumerable<string>? inclusivePrefixes = null, bool withComments = false)
    {
        var copy = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var root = (XmlElement)copy.ImportNode(element, deep: true);
        copy.AppendChild(root);
        foreach (var declaration in InScopeDeclarationsFromAncestors(element))
        {
            if (!root.HasAttribute(declaration.Name))
                root.SetAttributeNode((XmlAttribute)copy.ImportNode(declaration, deep: true));
        }
        var prefixes = inclusivePrefixes is null ? null : string.Join(' ', inclusivePrefixes);
        Transform transform = (withComments, prefixes) switch
        {
            (true, null) => new XmlDsigExcC14NWithCommentsTransform(),
            (true, { } p) => new XmlDsigExcC14NWithCommentsTransform(p),
            (false, null) => new XmlDsigExcC14NTransform(),
            (false, { } p) => new XmlDsigExcC14NTransform(p),
        };
        transform.LoadInput(copy);
        using var output = (Stream)transform.GetOutput(typeof(Stream));
        using var buffer = new MemoryStream();
        output.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static IEnumerable<XmlAttribute> InScopeDeclarationsFromAncestors(XmlElement element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var node = element.ParentNode as XmlElement; node is not null; node = node.ParentNode as XmlElement)
        {
            foreach (XmlAttribute attribute in node.Attributes)
            {
                if (attribute.NamespaceURI != "http://www.w3.org/2000/xmlns/") continue;
                if (seen.Add(attribute.Name)) yield return attribute;
            }
        }
    }
}
