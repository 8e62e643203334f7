namespace Rotation.Shared.Verification;

/// <summary>Strictly verifies a signed SOAP response against a trust set (every check of DESIGN.md §3).</summary>
public sealed class SignatureVerifier(TrustSet trust, VerificationPolicy policy, TimeProvider time)
{
    public TrustSet Trust => trust;
    public TimeProvider Time => time;
    public VerificationPolicy Policy => policy;
    public VerificationResult Verify(ReadOnlySpan<byte> envelope, DateTimeOffset? at = null) => throw new NotImplementedException();
}
