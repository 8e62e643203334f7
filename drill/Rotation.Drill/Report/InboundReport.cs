using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Tenants;

namespace Rotation.Drill.Report;

/// <summary>
/// The renewal of the sender's key as the tenant saw it (--case verify-request, docs/DESIGN.md §10): the sender's old
/// and new certificate with their first and last verified use from the tenant's message log, when the sender switched
/// and the tenant removed the old certificate, and every request the tenant refused, by its reason code.
/// </summary>
public sealed record InboundReport(string SenderAlias, string OldTenantAlias, string? NewTenantAlias, CertificateUse Old, CertificateUse? New,
    DateTimeOffset? SwitchedAt, DateTimeOffset? RemovedAt, double DeliveryWindowSeconds, IReadOnlyList<InboundRejections> Refused)
{
    public long RefusedRequests => Refused.Sum(r => r.Count);

    /// <summary>Milliseconds the two certificates were both in use (requests in flight across the switch); 0 when the old one's last use came first.</summary>
    public double OverlapMilliseconds => Old.LastAt is { } last && New?.FirstAt is { } first && last > first ? Math.Round((last - first).TotalMilliseconds, 1) : 0;

    public static InboundReport Of(SenderRenewal renewal, CertificateUse old, CertificateUse? renewed, IEnumerable<RejectedMessageInfo> refused, TimeSpan deliveryWindow) =>
        new(renewal.SigningAlias, renewal.OldTenantAlias, renewal.NewTenantAlias, old, renewed, renewal.SwitchedAt, renewal.RemovedAt, deliveryWindow.TotalSeconds,
            [.. refused.GroupBy(r => r.RejectReason ?? "unknown")
                .Select(g => new InboundRejections(g.Key, g.LongCount(), g.Min(r => r.AnsweredAt), g.Max(r => r.AnsweredAt)))
                .OrderBy(r => r.FirstAt)]);
}

/// <summary>Requests the tenant refused for one reason code, the first and the last.</summary>
public sealed record InboundRejections(string Reason, long Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);
