namespace Rotation.Sender.Contracts;

/// <summary>What became of one request.</summary>
public enum OutcomeKind
{
    /// <summary>The response verified against a trusted certificate.</summary>
    Verified,
    /// <summary>A response arrived but failed verification (reason code in the outcome).</summary>
    Rejected,
    /// <summary>The tenant answered with a SOAP fault (verified, or it would be Rejected).</summary>
    SoapFault,
    /// <summary>No usable response: connection refused, timeout, HTTP error without SOAP.</summary>
    TransportError,
}
