using Prometheus;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Metrics;

/// <summary>
/// Prometheus metrics of one sender, in its own registry (several senders may share a process in tests and drills):
/// days to expiry of every trusted certificate, computed at scrape time from the trust store on the injected clock.
/// </summary>
public sealed class SenderMetrics
{
    private readonly Gauge _daysToExpiry;

    public SenderMetrics(TrustStore trust, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(time);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _daysToExpiry = factory.CreateGauge("rotation_sender_trusted_certificate_days_to_expiry",
            "Days until a certificate in the sender's trust store expires (negative once expired).",
            new GaugeConfiguration { LabelNames = ["fingerprint", "subject"] });
        Registry.AddBeforeCollectCallback(() => Refresh(TrustExpiries.Of(trust.Current, time.GetUtcNow())));
    }

    public CollectorRegistry Registry { get; }

    private void Refresh(IReadOnlyList<TrustExpiry> trusted)
    {
        var live = trusted.Select(t => (t.Fingerprint, t.Subject)).ToHashSet();
        foreach (var labels in _daysToExpiry.GetAllLabelValues().ToList())
            if (!live.Contains((labels[0], labels[1]))) _daysToExpiry.RemoveLabelled(labels);
        foreach (var t in trusted) _daysToExpiry.WithLabels(t.Fingerprint, t.Subject).Set(t.DaysToExpiry);
    }
}
