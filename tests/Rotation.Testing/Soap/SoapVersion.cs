using Rotation.Shared.WsSecurity;

namespace Rotation.Testing.Soap;

/// <summary>
/// The SOAP envelope version a test builds or expects. Only the tests' own: the production enum is the sender's
/// (Rotation.Sender.Wcf), tied to WCF's MessageVersion; shared/Rotation.Shared has none.
/// </summary>
public enum SoapVersion { Soap11, Soap12 }

public static class SoapVersionExtensions
{
    public static string Namespace(this SoapVersion version) =>
        version == SoapVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12;
}
