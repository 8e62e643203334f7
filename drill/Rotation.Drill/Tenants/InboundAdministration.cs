using Rotation.Drill.Admin;
using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Tenants;

/// <summary>
/// The tenant administrator's side of the sender's key renewal (docs/DESIGN.md §10), over the tenant's own admin API:
/// certificate entries, the flow's public key aliases, and what the message log and the verified in-flight view say.
/// What only a node can answer (its log on its own data directory, its in-flight view) is asked of every node the
/// drill knows; a tenant behind one URL answers for all.
/// </summary>
public sealed class InboundAdministration(TenantAdmin admin, IReadOnlyList<TenantAdmin> everyNode)
{
    public Task<InboundVerificationView> ViewAsync(CancellationToken ct) => admin.InboundVerificationAsync(ct);

    public Task<InboundVerificationView> SetAsync(bool required, IReadOnlyList<string> publicKeyAliases, CancellationToken ct) =>
        admin.SetInboundVerificationAsync(required, publicKeyAliases, ct);

    public Task<EntryView> ImportCertificateAsync(string alias, string pem, CancellationToken ct) => admin.ImportCertificateAsync(alias, pem, ct);

    public Task DeleteEntryAsync(string alias, CancellationToken ct) => admin.DeleteEntryAsync(alias, ct);

    public Task<EntryView[]> EntriesAsync(CancellationToken ct) => admin.EntriesAsync(ct);

    /// <summary>Whether no request verified with the certificate is in flight on any node (waiting at most <paramref name="timeout"/>), and how many are.</summary>
    public async Task<(bool Drained, int InFlight, int Nodes)> WaitUntilVerifiedDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken ct)
    {
        var drains = await Task.WhenAll(everyNode.Select(node => node.WaitUntilVerifiedDrainedAsync(fingerprint, timeout, ct)));
        return (drains.All(d => d.Drained), drains.Sum(d => d.InFlight), drains.Length);
    }

    /// <summary>How often a certificate verified a request from a moment on, and its first and last use (null when never).</summary>
    public async Task<CertificateUse> UseAsync(string fingerprint, DateTimeOffset from, CancellationToken ct)
    {
        var counts = (await Task.WhenAll(everyNode.Select(node => node.CountVerifiedWithAsync(fingerprint, from, ct)))).SelectMany(c => c).ToList();
        return counts.Count == 0
            ? new CertificateUse(fingerprint, 0, null, null)
            : new CertificateUse(fingerprint, counts.Sum(c => c.Count), counts.Min(c => c.FirstAnsweredAt), counts.Max(c => c.LastAnsweredAt));
    }

    /// <summary>The requests every node refused from a moment on, each with the tenant's reason code.</summary>
    public async Task<IReadOnlyList<RejectedMessageInfo>> RejectedSinceAsync(DateTimeOffset from, CancellationToken ct) =>
        [.. (await Task.WhenAll(everyNode.Select(node => node.RejectedSinceAsync(from, ct)))).SelectMany(r => r).OrderBy(r => r.AnsweredAt)];
}

/// <summary>A sender certificate's use as the tenant's message log records it: requests it verified, the first and the last.</summary>
public sealed record CertificateUse(string Fingerprint, long Verified, DateTimeOffset? FirstAt, DateTimeOffset? LastAt);
