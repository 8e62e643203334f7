using Rotation.Tenant.Metrics;
using Rotation.Tenant.Signing;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Inbound;

/// <summary>
/// The flow's door (docs/DESIGN.md §10): a request's exact bytes, as the signing middleware read them, checked in the
/// order that keeps unauthenticated work bounded — UTF-8, then inbound verification before any other parse, then the
/// SOAP shape (a verified wsse:Security understood). What passes is ready for SoapCore.
/// </summary>
internal sealed class RequestIntake(InboundVerifier verifier, TenantMetrics metrics, TimeProvider time)
{
    /// <summary>The refusal is null when the request may go on to the flow; the outcome says what verified it.</summary>
    public (RequestRefusal? Refused, InboundOutcome Inbound) Check(TenantState state, ReadOnlyMemory<byte> request, bool soap12)
    {
        // SoapCore would otherwise decode bad bytes leniently to U+FFFD and process an order nobody sent.
        if (!System.Text.Unicode.Utf8.IsValid(request.Span)) return (new RequestRefusal(StatusCodes.Status400BadRequest, "the request is not valid UTF-8"), InboundOutcome.NotChecked);

        var started = time.GetTimestamp();
        var inbound = verifier.Verify(state, request.Span);
        if (inbound.Checked) metrics.Verified(inbound, time.GetElapsedTime(started));
        if (inbound.Refused) return (RequestRefusal.Unverified(inbound, soap12), inbound);

        return (SoapRequestShape.Problem(request, securityUnderstood: inbound.Checked), inbound);
    }
}
