using System.Security.Cryptography.Xml;
using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// SignedXml that resolves wsu:Id (docs/DESIGN.md §2). Strict mode is the oracle: exactly one element
/// must carry the id. Lenient mode takes the first match, as a naive verifier does — the test
/// signer uses it to sign structures a strict verifier must refuse.
/// </summary>
public sealed class WsuSignedXml : SignedXml
{
    private readonly bool _strict;

    public WsuSignedXml(XmlDocument document, bool strict = true) : base(document)
    {
        _strict = strict;
        EcdsaSignatureDescriptions.EnsureRegistered();
    }

    public override XmlElement? GetIdElement(XmlDocument? document, string idValue)
    {
        if (document is null) return null;
        XmlElement? found = null;
        foreach (XmlElement element in document.GetElementsByTagName("*"))
        {
            if (!CarriesId(element, idValue)) continue;
            if (found is not null) return _strict ? null : found;
            found = element;
        }
        return found;
    }

    private static bool CarriesId(XmlElement element, string id) =>
        element.GetAttribute("Id", WsNamespaces.Wsu) == id
        || element.GetAttribute("Id") == id
        || element.GetAttribute("ID") == id
        || element.GetAttribute("id") == id;
}
