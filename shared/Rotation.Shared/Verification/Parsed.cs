namespace Rotation.Shared.Verification;

/// <summary>A value read from the envelope, or the rejection that stopped the reading.</summary>
internal readonly record struct Parsed<T>(T? Value, VerificationResult? Rejection) where T : class
{
    public static implicit operator Parsed<T>(VerificationResult rejection) => new(null, rejection);
    public static implicit operator Parsed<T>(T value) => new(value, null);
}
