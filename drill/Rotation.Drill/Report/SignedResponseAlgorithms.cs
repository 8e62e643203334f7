using System.Xml.Linq;
using Rotation.Drill.Procedures;

namespace Rotation.Drill.Report;

/// <summary>The signing settings of a procedure: the tenant's signer step, and the algorithm URIs as they appear on the wire.</summary>
public static class SignedResponseAlgorithms
{
    private static readonly XNamespace Ds = "http://www.w3.org/2000/09/xmldsig#";

    public static SigningSettings Settings(DrillContext context, SampleResponse? signed)
    {
        var (signatureMethod, digestMethod) = signed is null ? (null, null) : Read(signed.Xml);
        return new SigningSettings(context.Alias, context.Signer.EffectiveAlgorithm, signatureMethod, digestMethod, context.Signer.KeyReference,
            // A signer step always has a positive lifetime: 0 is what a face that does not show the signer step reports.
            context.Signer.TimestampTimeToLiveSeconds > 0 ? context.Signer.TimestampTimeToLiveSeconds : null, context.KeyAlgorithm, context.KeySize, context.Settings.KeySize ?? context.KeySize);
    }

    private static (string? SignatureMethod, string? DigestMethod) Read(byte[] xml)
    {
        try
        {
            using var stream = new MemoryStream(xml);
            var document = XDocument.Load(stream);
            return ((string?)document.Descendants(Ds + "SignatureMethod").FirstOrDefault()?.Attribute("Algorithm"),
                (string?)document.Descendants(Ds + "DigestMethod").FirstOrDefault()?.Attribute("Algorithm"));
        }
        catch (System.Xml.XmlException)
        {
            return (null, null);
        }
    }
}
