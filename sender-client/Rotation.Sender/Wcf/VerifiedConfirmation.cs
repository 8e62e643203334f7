using Rotation.Shared.Contract;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Wcf;

/// <summary>A confirmation together with the verification that let it through (which certificate, which algorithm).</summary>
public sealed record VerifiedConfirmation(OrderConfirmation Confirmation, VerificationResult Verification);
