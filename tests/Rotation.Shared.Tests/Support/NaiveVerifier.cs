using System.Security.Cryptography.X509Certificates;
using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// What a naive WS-Security verifier does: take the first ds:Signature, resolve ids to the first
/// match, check the cryptography with the given certificate, and look at nothing else. Hostile
/// tests assert it accepts their envelope, proving the envelope is cryptographically valid and
/// only the strict verifier's structural checks can stop it.
/// </summary>
public static class NaiveVerifier
{
    public static bool Accepts(byte[] envelope, X509Certificate2 certificate)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var reader = XmlReader.Create(new MemoryStream(envelope), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null }))
            document.Load(reader);
        var signature = (XmlElement?)document.GetElementsByTagName("Signature", WsNamespaces.Ds).Item(0);
        if (signature is null) return false;
        var signedXml = new WsuSignedXml(document, strict: false);
        signedXml.LoadXml(signature);
        return signedXml.CheckSignature(certificate, verifySignatureOnly: true);
    }

    /// <summary>The oracle: SignedXml with strict wsu:Id resolution.</summary>
    public static bool SignedXmlAccepts(XmlDocument document, X509Certificate2 certificate)
    {
        var signature = (XmlElement)document.GetElementsByTagName("Signature", WsNamespaces.Ds).Item(0)!;
        var signedXml = new WsuSignedXml(document, strict: true);
        signedXml.LoadXml(signature);
        return signedXml.CheckSignature(certificate, verifySignatureOnly: true);
    }
}
