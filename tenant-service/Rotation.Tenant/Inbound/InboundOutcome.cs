using Rotation.Shared.Verification;

namespace Rotation.Tenant.Inbound;

/// <summary>
/// What inbound verification made of one request: not checked (off), verified by the certificate under an alias, or
/// refused with the verifier's reason code and its own words (for the tenant's log only).
/// </summary>
public sealed record InboundOutcome
{
    private InboundOutcome() { }

    public static InboundOutcome NotChecked { get; } = new();

    public bool Checked { get; private init; }
    public RejectReason Reason { get; private init; }
    public string Message { get; private init; } = "";

    /// <summary>The public key alias whose certificate verified the request.</summary>
    public string? Alias { get; private init; }

    /// <summary>SHA-256 fingerprint of that certificate.</summary>
    public string? Fingerprint { get; private init; }

    public bool Refused => Checked && Reason != RejectReason.None;

    public static InboundOutcome Verified(string alias, string fingerprint) => new() { Checked = true, Alias = alias, Fingerprint = fingerprint };

    public static InboundOutcome Rejected(RejectReason reason, string message) => new() { Checked = true, Reason = reason, Message = message };
}
