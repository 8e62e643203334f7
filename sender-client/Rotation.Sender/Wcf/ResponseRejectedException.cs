using System.ServiceModel;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Wcf;

/// <summary>
/// A response arrived but failed verification. Derives from CommunicationException so WCF callers that
/// already handle communication failures still see it, while the reason code stays typed.
/// </summary>
public sealed class ResponseRejectedException : CommunicationException
{
    public ResponseRejectedException(VerificationResult result)
        : base($"response rejected: {result.Reason}: {result.Message}")
    {
        if (result.IsValid) throw new ArgumentException("a valid result is not a rejection", nameof(result));
        Result = result;
    }

    public VerificationResult Result { get; }
    public RejectReason Reason => Result.Reason;
    public string ReasonMessage => Result.Message;
}
