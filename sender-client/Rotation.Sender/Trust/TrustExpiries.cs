namespace Rotation.Sender.Trust;

/// <summary>The trust store's certificates as expiries: what the sender monitors and serves (docs/DESIGN.md §13).</summary>
public static class TrustExpiries
{
    /// <summary>Every certificate of <paramref name="snapshot"/>, soonest expiry first.</summary>
    public static IReadOnlyList<TrustExpiry> Of(TrustSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Entries
            .Select(e =>
            {
                var notAfter = new DateTimeOffset(e.Certificate.NotAfter.ToUniversalTime());
                return new TrustExpiry(e.Fingerprint, e.Subject, e.Certificate.Issuer, notAfter, Math.Round((notAfter - now).TotalDays, 3), notAfter <= now);
            })
            .OrderBy(e => e.NotAfter)
            .ToList();
    }
}
