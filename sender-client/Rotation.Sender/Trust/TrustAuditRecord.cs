namespace Rotation.Sender.Trust;

/// <summary>One trust store change in trust-audit.log and GET /admin/audit: when, who, what, and the fingerprints before and after.</summary>
public sealed record TrustAuditRecord(DateTimeOffset At, string Who, string Action, string Mode,
    IReadOnlyList<string> OldFingerprints, IReadOnlyList<string> NewFingerprints, long Revision);
