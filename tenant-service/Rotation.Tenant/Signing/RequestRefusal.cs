using System.Xml;
using Rotation.Tenant.Inbound;

namespace Rotation.Tenant.Signing;

/// <summary>
/// Why a request is answered with a fault before it reaches the integration flow: the HTTP status, the reason in
/// words, for a mandatory header the tenant does not process that header's name (a MustUnderstand fault), and for a
/// request inbound verification refused the WS-Security fault it gets.
/// </summary>
internal sealed record RequestRefusal(int Status, string Reason, XmlQualifiedName? NotUnderstood = null, WsSecurityFault? SecurityFault = null)
{
    /// <summary>
    /// A request whose signature did not verify: SOAP 1.1 answers every fault with 500 (SOAP 1.1 §6.2), the SOAP 1.2
    /// HTTP binding a Sender fault with 400. The reason (for the tenant's log only) carries the verifier's reason code.
    /// </summary>
    public static RequestRefusal Unverified(InboundOutcome outcome, bool soap12) =>
        new(soap12 ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError,
            $"inbound verification refused the request: {outcome.Reason}: {outcome.Message}", SecurityFault: WsSecurityFault.For(outcome.Reason));

    /// <summary>SOAP 1.1 §4.4 and the SOAP 1.2 HTTP binding answer a MustUnderstand fault with 500.</summary>
    public static RequestRefusal MustUnderstand(XmlQualifiedName header) =>
        new(StatusCodes.Status500InternalServerError, $"the header {{{header.Namespace}}}{header.Name} must be understood, and this endpoint does not process it", header);

    public (byte[] Body, string ContentType) Fault(bool soap12) =>
        SecurityFault is { } security ? SoapFaults.Security(soap12, security)
        : NotUnderstood is { } header ? SoapFaults.MustUnderstand(soap12, Reason, header)
        : SoapFaults.Client(soap12, Reason);
}
