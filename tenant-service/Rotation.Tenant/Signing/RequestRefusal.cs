using System.Xml;

namespace Rotation.Tenant.Signing;

/// <summary>
/// Why a request is answered with a fault before it reaches the integration flow: the HTTP status, the reason in
/// words, and for a mandatory header the tenant does not process, that header's name (a MustUnderstand fault).
/// </summary>
internal sealed record RequestRefusal(int Status, string Reason, XmlQualifiedName? NotUnderstood = null)
{
    /// <summary>SOAP 1.1 §4.4 and the SOAP 1.2 HTTP binding answer a MustUnderstand fault with 500.</summary>
    public static RequestRefusal MustUnderstand(XmlQualifiedName header) =>
        new(StatusCodes.Status500InternalServerError, $"the header {{{header.Namespace}}}{header.Name} must be understood, and this endpoint does not process it", header);

    public (byte[] Body, string ContentType) Fault(bool soap12) =>
        NotUnderstood is { } header ? SoapFaults.MustUnderstand(soap12, Reason, header) : SoapFaults.Client(soap12, Reason);
}
