namespace Rotation.Tenant.Audit;

/// <summary>One keystore change: who, when, what, and the fingerprints before and after.</summary>
public sealed record AuditRecord(DateTimeOffset At, string Who, string Action, string Subject, string? OldFingerprint, string? NewFingerprint, long Generation);
