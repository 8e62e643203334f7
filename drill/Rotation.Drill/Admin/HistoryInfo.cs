using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>
/// Where an old key pair went, as the drill's report records it, whichever face of the tenant it came from: the admin
/// API's key history (<see cref="HistoryView"/>), or the platform's renamed entry (no purge date).
/// </summary>
public sealed record HistoryInfo(string Id, string Alias, string Fingerprint, string Subject, DateTimeOffset RetiredAt, DateTimeOffset? PurgeableFrom)
{
    public static HistoryInfo Of(HistoryView view) => new(view.Id, view.Alias, view.Fingerprint, view.Subject, view.RetiredAt, view.PurgeableFrom);
}
