using System.Security;
using System.Text;
using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Signing;

/// <summary>Minimal SOAP faults for what happens outside SoapCore (a refused request, no signing key, an unexpected error): never a stack trace.</summary>
internal static class SoapFaults
{
    public static bool IsSoap12(string? contentType) =>
        contentType is not null && contentType.Contains("application/soap+xml", StringComparison.OrdinalIgnoreCase);

    public static (byte[] Body, string ContentType) Server(bool soap12, string reason) => Fault(soap12, soap12 ? "s:Receiver" : "s:Server", reason);

    /// <summary>The request itself is at fault (not SOAP in a form this endpoint reads).</summary>
    public static (byte[] Body, string ContentType) Client(bool soap12, string reason) => Fault(soap12, soap12 ? "s:Sender" : "s:Client", reason);

    /// <summary>
    /// A mandatory header the tenant does not process (SOAP 1.1 §4.4.1, SOAP 1.2 Part 1 §5.4.8): faultcode MustUnderstand,
    /// and in SOAP 1.2 a NotUnderstood header block naming it.
    /// </summary>
    public static (byte[] Body, string ContentType) MustUnderstand(bool soap12, string reason, XmlQualifiedName header)
    {
        var notUnderstood = soap12
            ? $"<s:Header><s:NotUnderstood qname=\"h:{SecurityElement.Escape(header.Name)}\" xmlns:h=\"{SecurityElement.Escape(header.Namespace)}\"/></s:Header>"
            : "";
        return Fault(soap12, "s:MustUnderstand", reason, notUnderstood);
    }

    /// <summary>
    /// A request refused by inbound verification (WSS 1.1 SOAP Message Security §12): in SOAP 1.1 the faultcode is the
    /// wsse code itself; in SOAP 1.2 it is the Subcode of Sender.
    /// </summary>
    public static (byte[] Body, string ContentType) Security(bool soap12, Inbound.WsSecurityFault fault) =>
        Fault(soap12, "s:Sender", fault.FaultString, securityCode: $"wsse:{fault.Code}");

    /// <summary>
    /// Null when the content type is SOAP 1.1 (text/xml) or SOAP 1.2 (application/soap+xml) in UTF-8; else why not.
    /// SoapCore would read anything (JSON, multipart, no content type) as SOAP 1.1 and echo a foreign charset
    /// on a UTF-8 response, so refuse at the door.
    /// </summary>
    public static string? UnsupportedContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return "a SOAP request needs Content-Type text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)";
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return "the Content-Type header cannot be parsed";
        var type = media.MediaType.Value;
        if (!string.Equals(type, "text/xml", StringComparison.OrdinalIgnoreCase) && !string.Equals(type, "application/soap+xml", StringComparison.OrdinalIgnoreCase))
            return $"content type '{Truncate(type ?? "", 100)}' is not SOAP; use text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)";
        var charset = media.Charset.Value?.Trim('"');
        if (charset is not null && !string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase) && !string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase))
            return $"charset '{Truncate(charset, 100)}' is not supported; send UTF-8";
        return null;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <param name="securityCode">A WS-Security fault code: SOAP 1.1's faultcode itself, SOAP 1.2's Subcode of <paramref name="code"/>.</param>
    private static (byte[] Body, string ContentType) Fault(bool soap12, string code, string reason, string header = "", string? securityCode = null)
    {
        var text = SecurityElement.Escape(reason);
        var wsse = securityCode is null ? "" : $" xmlns:wsse=\"{WsNamespaces.Wsse}\"";
        var subcode = securityCode is null ? "" : $"<s:Subcode><s:Value>{securityCode}</s:Value></s:Subcode>";
        var xml = soap12
            ? $"<s:Envelope xmlns:s=\"{WsNamespaces.Soap12}\"{wsse}>{header}<s:Body><s:Fault><s:Code><s:Value>{code}</s:Value>{subcode}</s:Code><s:Reason><s:Text xml:lang=\"en\">{text}</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>"
            : $"<s:Envelope xmlns:s=\"{WsNamespaces.Soap11}\"{wsse}><s:Body><s:Fault><faultcode>{securityCode ?? code}</faultcode><faultstring>{text}</faultstring></s:Fault></s:Body></s:Envelope>";
        return (Encoding.UTF8.GetBytes(xml), ContentType(soap12));
    }

    private static string ContentType(bool soap12) => soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
}
