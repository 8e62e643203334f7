using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

public enum SoapVersion { Soap11, Soap12 }

public static class SoapVersionExtensions
{
    public static string Namespace(this SoapVersion version) =>
        version == SoapVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12;
}
