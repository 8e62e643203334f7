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
    private readonly Counter _verified;
    private readonly Counter _rejected;
    private readonly Histogram _verification;
    private readonly Gauge _verifiedInFlight;

    internal TenantMetrics(TenantKeystore keystore, InFlightTracker inFlight, VerifiedInFlight verifiedInFlight, MessageLog log, TimeProvider time)
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
        _verified = factory.CreateCounter("rotation_tenant_requests_verified_total", "Requests whose signature inbound verification accepted, per public key alias and certificate fingerprint.",
            new CounterConfiguration { LabelNames = ["alias", "fingerprint"] });
        _rejected = factory.CreateCounter("rotation_tenant_requests_rejected_total", "Requests inbound verification refused, per reason code and WS-Security fault code.",
            new CounterConfiguration { LabelNames = ["reason", "fault"] });
        _verification = factory.CreateHistogram("rotation_tenant_verification_seconds", "Time to verify one request's signature.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00002, 2, 16) });
        _verifiedInFlight = factory.CreateGauge("rotation_tenant_messages_verified_in_flight", "Messages in the system per fingerprint of the certificate that verified the request.",
            new GaugeConfiguration { LabelNames = ["fingerprint"] });
        Registry.AddBeforeCollectCallback(() =>
        {
            Refresh(keystore, time);
            RefreshInFlight(_inFlight, inFlight);
            RefreshInFlight(_verifiedInFlight, verifiedInFlight.Messages);
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

    /// <summary>One verification's outcome: counted per certificate when it passed, per reason when it refused.</summary>
    public void Verified(Inbound.InboundOutcome outcome, TimeSpan took)
    {
        _verification.Observe(took.TotalSeconds);
        if (outcome.Refused) _rejected.WithLabels(outcome.Reason.ToString(), Inbound.WsSecurityFault.For(outcome.Reason).Code).Inc();
        else _verified.WithLabels(outcome.Alias!, outcome.Fingerprint!).Inc();
    }

    private static void RefreshInFlight(Gauge gauge, InFlightTracker inFlight)
    {
        var groups = inFlight.Groups().ToDictionary(g => g.Fingerprint, g => g.Count);
        foreach (var labels in gauge.GetAllLabelValues().ToList())
            if (!groups.ContainsKey(labels[0])) gauge.WithLabels(labels).Set(0);
        foreach (var (fingerprint, count) in groups) gauge.WithLabels(fingerprint).Set(count);
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
