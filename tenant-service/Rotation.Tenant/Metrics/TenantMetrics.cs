using Prometheus;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Messages;

namespace Rotation.Tenant.Metrics;

/// <summary>
/// Prometheus metrics of one tenant, in its own registry (several tenants may share a process in tests and drills).
/// Keystore gauges are computed at scrape time from the current snapshot.
/// </summary>
public sealed class TenantMetrics
{
    private readonly Counter _signed;
    private readonly Histogram _signing;
    private readonly Gauge _entries;
    private readonly Gauge _daysToExpiry;
    private readonly Gauge _expiryWarning;
    private readonly Gauge _inFlight;
    private readonly Gauge _logBacklog;
    private readonly Gauge _logDropped;

    internal TenantMetrics(TenantKeystore keystore, InFlightTracker inFlight, MessageLog log, TimeProvider time)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _signed = factory.CreateCounter("rotation_tenant_responses_signed_total", "Responses signed, per signing certificate fingerprint.",
            new CounterConfiguration { LabelNames = ["fingerprint", "alias"] });
        _signing = factory.CreateHistogram("rotation_tenant_signing_seconds", "Time to sign one response.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 14) });
        _entries = factory.CreateGauge("rotation_tenant_keystore_entries", "Keystore entries by kind, and key history entries.",
            new GaugeConfiguration { LabelNames = ["kind"] });
        _daysToExpiry = factory.CreateGauge("rotation_tenant_certificate_days_to_expiry", "Days until the certificate of a keystore entry expires.",
            new GaugeConfiguration { LabelNames = ["alias", "fingerprint"] });
        _expiryWarning = factory.CreateGauge("rotation_tenant_certificate_expiry_warning", "1 when the certificate expires within the warning period.",
            new GaugeConfiguration { LabelNames = ["alias", "fingerprint"] });
        _inFlight = factory.CreateGauge("rotation_tenant_messages_in_flight", "Messages whose signing key is chosen and whose response is not fully written, per signing fingerprint.",
            new GaugeConfiguration { LabelNames = ["fingerprint"] });
        _logBacklog = factory.CreateGauge("rotation_tenant_message_log_backlog", "Message log records waiting for the background writer.");
        // A gauge read from the log's own count (a counter cannot be set): it only grows while the process runs.
        _logDropped = factory.CreateGauge("rotation_tenant_message_log_dropped_total", "Message log records dropped because the log's queue was full.");
        Registry.AddBeforeCollectCallback(() =>
        {
            Refresh(keystore, time);
            RefreshInFlight(inFlight);
            _logBacklog.Set(log.Backlog);
            _logDropped.Set(log.Dropped);
        });
    }

    public CollectorRegistry Registry { get; }

    public void Signed(string fingerprint, string alias, TimeSpan took)
    {
        _signed.WithLabels(fingerprint, alias).Inc();
        _signing.Observe(took.TotalSeconds);
    }

    private void RefreshInFlight(InFlightTracker inFlight)
    {
        var groups = inFlight.Groups().ToDictionary(g => g.Fingerprint, g => g.Count);
        foreach (var labels in _inFlight.GetAllLabelValues().ToList())
            if (!groups.ContainsKey(labels[0])) _inFlight.WithLabels(labels).Set(0);
        foreach (var (fingerprint, count) in groups) _inFlight.WithLabels(fingerprint).Set(count);
    }

    private void Refresh(TenantKeystore keystore, TimeProvider time)
    {
        var snapshot = keystore.Current;
        var now = time.GetUtcNow();
        _entries.WithLabels("key_pair").Set(snapshot.Entries.Values.Count(e => e.Kind == EntryKind.KeyPair));
        _entries.WithLabels("certificate").Set(snapshot.Entries.Values.Count(e => e.Kind == EntryKind.Certificate));
        _entries.WithLabels("history").Set(snapshot.History.Count);

        var live = new HashSet<(string, string)>();
        foreach (var entry in snapshot.Entries.Values)
        {
            var days = (new DateTimeOffset(entry.Certificate.NotAfter.ToUniversalTime()) - now).TotalDays;
            _daysToExpiry.WithLabels(entry.Alias, entry.Fingerprint).Set(Math.Round(days, 3));
            _expiryWarning.WithLabels(entry.Alias, entry.Fingerprint).Set(days <= keystore.Options.ExpiryWarningDays ? 1 : 0);
            live.Add((entry.Alias, entry.Fingerprint));
        }
        foreach (var gauge in new[] { _daysToExpiry, _expiryWarning })
        {
            foreach (var labels in gauge.GetAllLabelValues().ToList())
                if (!live.Contains((labels[0], labels[1]))) gauge.RemoveLabelled(labels);
        }
    }
}
