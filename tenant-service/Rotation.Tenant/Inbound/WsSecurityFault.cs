using Rotation.Shared.Verification;

namespace Rotation.Tenant.Inbound;

/// <summary>
/// The WS-Security fault a refused request gets (WSS 1.1 SOAP Message Security §12): a code in the wsse namespace
/// and the standard's own fault string, which names the class of failure and nothing of the tenant's internals. The
/// reason code itself goes to the message log and the metrics, not to the sender.
/// </summary>
public sealed record WsSecurityFault(string Code, string FaultString)
{
    public static readonly WsSecurityFault InvalidSecurity = new("InvalidSecurity", "An error was discovered processing the <wsse:Security> header");
    public static readonly WsSecurityFault SecurityTokenUnavailable = new("SecurityTokenUnavailable", "Referenced security token could not be retrieved");
    public static readonly WsSecurityFault FailedCheck = new("FailedCheck", "The signature or decryption was invalid");
    public static readonly WsSecurityFault MessageExpired = new("MessageExpired", "The message has expired");

    /// <summary>
    /// Every reason the verifier gives, mapped as WSS4J maps its own: a key the tenant holds no allowed certificate for
    /// is an unavailable token; a signature, digest or certificate validity that does not check out a failed check; a
    /// timestamp out of its window (too old, expired or ahead of the clock) an expired message; anything else about the
    /// header's structure, algorithms or bounds invalid security.
    /// </summary>
    public static WsSecurityFault For(RejectReason reason) => reason switch
    {
        RejectReason.None => throw new ArgumentException("a verified request is not refused", nameof(reason)),
        RejectReason.KeyNotFound or RejectReason.CertificateUntrusted => SecurityTokenUnavailable,
        RejectReason.SignatureInvalid or RejectReason.DigestMismatch
            or RejectReason.CertificateExpired or RejectReason.CertificateNotYetValid => FailedCheck,
        RejectReason.TimestampTooOld or RejectReason.TimestampExpired or RejectReason.TimestampInFuture => MessageExpired,
        _ => InvalidSecurity,
    };
}
