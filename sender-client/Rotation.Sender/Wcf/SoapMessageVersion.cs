using System.ServiceModel;
using System.ServiceModel.Channels;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Wcf;

/// <summary>WCF's message version for a SOAP version; addressing is always off, as with SAP CI's SOAP 1.x adapters.</summary>
public static class SoapMessageVersion
{
    public static MessageVersion ToMessageVersion(this SoapVersion version) => version switch
    {
        SoapVersion.Soap11 => MessageVersion.Soap11,
        SoapVersion.Soap12 => MessageVersion.CreateVersion(EnvelopeVersion.Soap12, AddressingVersion.None),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "unknown SOAP version"),
    };
}
