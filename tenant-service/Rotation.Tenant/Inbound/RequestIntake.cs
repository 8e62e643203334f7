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
    public IntakeResult Check(TenantState state, ReadOnlyMemory<byte> request, bool soap12)
    {
        // SoapCore would otherwise decode bad bytes leniently to U+FFFD and process an order nobody sent.
        if (!System.Text.Unicode.Utf8.IsValid(request.Span)) return new(new RequestRefusal(StatusCodes.Status400BadRequest, "the request is not valid UTF-8"), InboundOutcome.NotChecked, request);

        var started = time.GetTimestamp();
        var inbound = verifier.Verify(state, request.Span);
        if (inbound.Checked) metrics.Verified(inbound, time.GetElapsedTime(started));
        if (inbound.Refused) return new(RequestRefusal.Unverified(inbound, soap12), inbound, request);

        var shape = SoapRequestShape.Read(request, securityUnderstood: inbound.Checked);
        return new(shape.Problem, inbound, shape.VerifiedSecurityHeader is { } header ? Without(request, header) : request);
    }

    /// <summary>
    /// The request less its processed wsse:Security header. SoapCore builds a tree of every header it is given, and the
    /// verified one (token, signature: most of a signed order's bytes) means nothing to the flow; the Body is untouched.
    /// </summary>
    private static byte[] Without(ReadOnlyMemory<byte> request, Range header)
    {
        var (offset, length) = header.GetOffsetAndLength(request.Length);
        var flow = new byte[request.Length - length];
        request.Span[..offset].CopyTo(flow);
        request.Span[(offset + length)..].CopyTo(flow.AsSpan(offset));
        return flow;
    }
}
