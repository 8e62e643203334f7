namespace Rotation.Sender.Keys;

/// <summary>One sender keystore change in keystore-audit.log and GET /admin/audit/keystore: when, who, what, under which alias, fingerprints before and after.</summary>
public sealed record KeystoreAuditRecord(DateTimeOffset At, string Who, string Action, string Alias,
    string? OldFingerprint, string? NewFingerprint, long Revision);
