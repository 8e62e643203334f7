using System.ServiceModel;
using System.ServiceModel.Channels;

namespace Rotation.Sender.Wcf;

/// <summary>The SOAP envelope version the sender speaks; addressing is always off, as with SAP CI's SOAP 1.x adapters.</summary>
public enum SoapVersion
{
    Soap11,
    Soap12,
}

public static class SoapVersionExtensions
{
    public static MessageVersion ToMessageVersion(this SoapVersion version) => version switch
    {
        SoapVersion.Soap11 => MessageVersion.Soap11,
        SoapVersion.Soap12 => MessageVersion.CreateVersion(EnvelopeVersion.Soap12, AddressingVersion.None),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "unknown SOAP version"),
    };

    /// <summary>Parses the forms users type: "1.1", "11", "soap11", "1.2", …</summary>
    public static bool TryParse(string? text, out SoapVersion version)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "1.1" or "11" or "soap11" or "soap1.1": version = SoapVersion.Soap11; return true;
            case "1.2" or "12" or "soap12" or "soap1.2": version = SoapVersion.Soap12; return true;
            default: version = default; return false;
        }
    }

    public static string Display(this SoapVersion version) => version == SoapVersion.Soap12 ? "1.2" : "1.1";
}
