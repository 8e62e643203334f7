using Rotation.Shared.Verification;

namespace Rotation.Sender.Contracts;

/// <summary>One captured response verified with the trust in effect: the verdict, and the key and algorithm that signed it.</summary>
public sealed record VerifyView(bool IsValid, RejectReason Reason, string Message, string? Fingerprint, string? KeyReference, string? Algorithm);
