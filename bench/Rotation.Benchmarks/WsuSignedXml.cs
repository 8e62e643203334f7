using System.Security.Cryptography.Xml;
using System.Xml;

namespace Rotation.Benchmarks;

/// <summary>The straightforward path docs/DESIGN.md §7a measures against: SignedXml resolving wsu:Id.</summary>
internal sealed class WsuSignedXml(XmlDocument document) : SignedXml(document)
{
    private const string Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    public override XmlElement? GetIdElement(XmlDocument? document, string idValue)
    {
        XmlElement? found = null;
        foreach (XmlElement element in document!.GetElementsByTagName("*"))
        {
            if (element.GetAttribute("Id", Wsu) != idValue && element.GetAttribute("Id") != idValue) continue;
            if (found is not null) return null;
            found = element;
        }
        return found;
    }
}
