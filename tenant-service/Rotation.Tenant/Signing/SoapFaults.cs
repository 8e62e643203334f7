using System.Security;
using System.Text;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Signing;

/// <summary>Minimal SOAP faults for what happens outside SoapCore (no signing key, an unexpected error): never a stack trace.</summary>
internal static class SoapFaults
{
    public static bool IsSoap12(string? contentType) =>
        contentType is not null && contentType.Contains("application/soap+xml", StringComparison.OrdinalIgnoreCase);

    public static (byte[] Body, string ContentType) Server(bool soap12, string reason)
    {
        var text = SecurityElement.Escape(reason);
        var xml = soap12
            ? $"<s:Envelope xmlns:s=\"{WsNamespaces.Soap12}\"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang=\"en\">{text}</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>"
            : $"<s:Envelope xmlns:s=\"{WsNamespaces.Soap11}\"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>{text}</faultstring></s:Fault></s:Body></s:Envelope>";
        return (Encoding.UTF8.GetBytes(xml), soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8");
    }
}
