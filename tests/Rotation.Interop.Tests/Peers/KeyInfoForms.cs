using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests.Peers;

/// <summary>
/// Moves ds:X509Data between ds:KeyInfo and a wsse:SecurityTokenReference in a signed envelope.
/// xmlsec1 fills and reads X509Data only as a direct child of KeyInfo; WS-Security puts it inside
/// the SecurityTokenReference. KeyInfo is outside the signed parts, so either move leaves every
/// digest and the signature value valid. Text-level, so the signed bytes stay exactly as they were.
/// </summary>
public static partial class KeyInfoForms
{
    public static byte[] IntoTokenReference(byte[] signed) => Rewrite(signed, DirectX509Data(),
        // The wsse prefix is in scope: it is declared on the wsse:Security header around the Signature.
        m => $"<{m.Groups["ki"].Value}KeyInfo><wsse:SecurityTokenReference>{m.Groups["data"].Value}</wsse:SecurityTokenReference></{m.Groups["ki"].Value}KeyInfo>");

    public static byte[] OutOfTokenReference(byte[] signed) => Rewrite(signed, WrappedX509Data(), m => m.Groups["data"].Value);

    /// <summary>The text of the (first) ds:X509IssuerName in the envelope.</summary>
    public static string IssuerName(byte[] signed)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(Encoding.UTF8.GetString(signed));
        var names = document.GetElementsByTagName("X509IssuerName", WsNamespaces.Ds);
        return names.Count > 0 ? names[0]!.InnerText : throw new InvalidOperationException("no ds:X509IssuerName in the envelope");
    }

    private static byte[] Rewrite(byte[] signed, Regex pattern, MatchEvaluator replacement)
    {
        var text = Encoding.UTF8.GetString(signed);
        var rewritten = pattern.Replace(text, replacement, 1);
        if (rewritten == text) throw new InvalidOperationException($"no match for {pattern} in the signed envelope");
        return Encoding.UTF8.GetBytes(rewritten);
    }

    [GeneratedRegex(@"<(?<ki>\w+:)KeyInfo>\s*(?<data><(?<p>\w+:)X509Data>.*?</\k<p>X509Data>)\s*</\k<ki>KeyInfo>", RegexOptions.Singleline)]
    private static partial Regex DirectX509Data();

    [GeneratedRegex(@"<(?<w>\w+:)SecurityTokenReference>\s*(?<data><(?<p>\w+:)X509Data>.*?</\k<p>X509Data>)\s*</\k<w>SecurityTokenReference>", RegexOptions.Singleline)]
    private static partial Regex WrappedX509Data();
}
