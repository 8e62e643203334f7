using Rotation.Drill.Admin;

namespace Rotation.Drill.Procedures;

/// <summary>What the two administrators know and hand each other as the procedure goes.</summary>
public sealed class DrillContext(TenantAdmin tenant, SenderAdmin sender, Uri tenantEndpoint, DrillSettings settings, TimeProvider time)
{
    public TenantAdmin Tenant => tenant;
    public SenderAdmin Sender => sender;
    public Uri TenantEndpoint => tenantEndpoint;
    public DrillSettings Settings => settings;
    public TimeProvider Time => time;

    public required string Alias { get; init; }
    public required string OldFingerprint { get; init; }
    public required string OldSubject { get; init; }
    public required string KeyAlgorithm { get; init; }
    public required int KeySize { get; init; }

    public string? NewAlias { get; set; }
    public string? NewFingerprint { get; set; }
    /// <summary>The certificate the tenant handed over: what the sender administrator received by mail, in real life.</summary>
    public string? NewCertificatePem { get; set; }
    public DateTimeOffset? ExchangedAt { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public DateTimeOffset? ResumedAt { get; set; }
    public long? SentAtPause { get; set; }
    public bool DowntimeWatched { get; set; }
    public long? SentAtResume { get; set; }
    public HistoryInfo? Retired { get; set; }

    public string Short(string? fingerprint) => fingerprint is null ? "?" : fingerprint[..Math.Min(12, fingerprint.Length)] + "…";
}
