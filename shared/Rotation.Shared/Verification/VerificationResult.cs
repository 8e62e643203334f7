using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>The outcome of verifying one signed envelope: a value, never an exception, for expected failures.</summary>
public sealed record VerificationResult
{
    private VerificationResult() { }

    public bool IsValid => Reason == RejectReason.None;
    public RejectReason Reason { get; private init; }
    public string Message { get; private init; } = "";

    /// <summary>The trusted certificate that verified the signature (only when valid).</summary>
    public X509Certificate2? VerifiedBy { get; private init; }

    /// <summary>Fingerprint (SHA-256 hex) of <see cref="VerifiedBy"/>.</summary>
    public string? Fingerprint { get; private init; }

    /// <summary>How the signature referenced its key, when that was established.</summary>
    public KeyReference? KeyReference { get; private init; }

    public SignatureAlgorithm? Algorithm { get; private init; }

    public static VerificationResult Valid(TrustedCertificate by, KeyReference keyReference, SignatureAlgorithm algorithm) => new()
    {
        Reason = RejectReason.None,
        Message = $"signature verified by {by.Certificate.Subject} ({by.Fingerprint[..16]}…) via {keyReference}",
        VerifiedBy = by.Certificate,
        Fingerprint = by.Fingerprint,
        KeyReference = keyReference,
        Algorithm = algorithm,
    };

    public static VerificationResult Rejected(RejectReason reason, string message, KeyReference? keyReference = null)
    {
        if (reason == RejectReason.None) throw new ArgumentException("a rejection needs a reason", nameof(reason));
        return new() { Reason = reason, Message = message, KeyReference = keyReference };
    }

    public override string ToString() => IsValid ? $"Valid: {Message}" : $"Rejected {Reason}: {Message}";
}
