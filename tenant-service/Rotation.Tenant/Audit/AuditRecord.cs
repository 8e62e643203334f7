namespace Rotation.Tenant.Audit;

/// <summary>One change of the tenant state: who, when, what, the fingerprints before and after, and the generation it made.</summary>
public sealed record AuditRecord(DateTimeOffset At, string Who, string Action, string Subject, string? OldFingerprint, string? NewFingerprint, long Generation);
