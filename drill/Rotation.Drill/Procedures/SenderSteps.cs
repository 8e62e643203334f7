using Rotation.Drill.Admin;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Procedures;

/// <summary>The sender administrator's sentences of the renewal procedures.</summary>
public static class SenderSteps
{
    public static DrillStep TrustOldAndNew() => new(Role.SenderAdministrator, "Trust the old and the new certificate.", async (c, ct) =>
    {
        var trust = await c.Sender.AddAsync(c.NewCertificatePem!, ct);
        if (!trust.Holds(c.NewFingerprint!)) throw new StepCheckFailed("the trust store does not hold the new certificate");
        return trust.Describe();
    })
    { Observe = true, ChangesTrust = true };

    /// <summary>
    /// "Sender confirms": a live probe must verify with the key the tenant signs with now, and a response
    /// signed with the new key (through the tenant's dynamic alias, where it has one) must verify with the sender's trust store.
    /// </summary>
    public static DrillStep ConfirmBoth() => new(Role.SenderAdministrator, "Confirm that responses signed with the old and with the new key verify.", async (c, ct) =>
    {
        var probe = await c.Sender.ProbeAsync(c.Settings.ProbeCount, ct);
        if (probe.Verified != probe.Count) throw new StepCheckFailed($"probe: {probe.Verified}/{probe.Count} verified ({Reasons(probe)})");
        if (c.ExchangedAt is not null)
        {
            // The tenant already signs with the new key (and its renewal entry is gone): the live probe is the check.
            if (!probe.VerifiedBy.ContainsKey(c.NewFingerprint!)) throw new StepCheckFailed("after the exchange, the probe was not verified by the new key");
            return $"probe {probe.Verified}/{probe.Count} verified by {string.Join(", ", probe.VerifiedBy.Keys.Select(c.Short))} (the tenant already signs with the new key)";
        }
        var verified = $"probe {probe.Verified}/{probe.Count} verified by {string.Join(", ", probe.VerifiedBy.Keys.Select(c.Short))}";
        return $"{verified}; {await NewKeyCheckAsync(c, ct)}";
    });

    public static DrillStep RemoveOld() => new(Role.SenderAdministrator, "Remove the old certificate.", async (c, ct) =>
    {
        var trust = await c.Sender.RemoveAsync(c.OldFingerprint, ct);
        if (trust.Holds(c.OldFingerprint)) throw new StepCheckFailed("the old certificate is still trusted");
        var probe = await c.Sender.ProbeAsync(c.Settings.ProbeCount, ct);
        if (probe.Verified != probe.Count) throw new StepCheckFailed($"after removing the old certificate, probe: {probe.Verified}/{probe.Count} verified ({Reasons(probe)})");
        return $"{trust.Describe()}; probe {probe.Verified}/{probe.Count} verified";
    })
    { Observe = true, ChangesTrust = true };

    public static DrillStep StopSending() => new(Role.SenderAdministrator, "Stop sending signed messages.", async (c, ct) =>
    {
        var pause = await c.Sender.PauseAsync(ct);
        c.PausedAt = c.Time.GetUtcNow();
        c.SentAtPause = pause.Status.SentThisRun;
        if (!pause.Status.Paused || pause.Status.InFlight != 0) throw new StepCheckFailed($"traffic not stopped: paused={pause.Status.Paused}, in flight {pause.Status.InFlight}");
        return $"paused after {pause.Status.SentThisRun} requests; {pause.InFlightAtPause} were in flight and finished";
    })
    { Observe = true };

    public static DrillStep ExchangeCertificate() => new(Role.SenderAdministrator, "Exchange the trusted certificate.", async (c, ct) =>
    {
        var trust = await c.Sender.ExchangeAsync(c.NewCertificatePem!, ct);
        if (trust.Certificates.Count != 1 || !trust.Holds(c.NewFingerprint!)) throw new StepCheckFailed($"trust store after the exchange: {trust.Describe()}");
        return trust.Describe();
    })
    { Observe = true, ChangesTrust = true };

    /// <summary>Single mode: no live probe (the tenant still signs with the old key, and nothing may be sent); the new key is checked through the tenant's dynamic alias.</summary>
    public static DrillStep ConfirmExchange() => new(Role.SenderAdministrator, "Confirm the exchange to the tenant.", NewKeyCheckAsync);

    /// <summary>
    /// Before the exchange: the tenant's dynamic alias signs one response with the new key, and it must verify. Without
    /// a dynamic alias (the platform's API) the sender can only check that it holds the new certificate; the live probe
    /// checks the key itself after the exchange.
    /// </summary>
    private static async Task<string> NewKeyCheckAsync(DrillContext c, CancellationToken ct)
    {
        if (!c.Tenant.CanSignWithOtherAlias)
        {
            var trust = await c.Sender.TrustAsync(ct);
            if (!trust.Holds(c.NewFingerprint!)) throw new StepCheckFailed("the trust store does not hold the new certificate");
            return $"the new certificate {c.Short(c.NewFingerprint)} is trusted; a response signed with it cannot be asked for before the exchange (no dynamic alias through /api/v1)";
        }
        var signedWithNew = await c.Tenant.CallFlowAsync(c.NewAlias!, ct);
        var verdict = await c.KeepSampleAsync("new-key", "signed with the new key (through the dynamic alias header, before the exchange)", signedWithNew, ct);
        if (!verdict.Verified || verdict.Fingerprint != c.NewFingerprint)
            throw new StepCheckFailed($"a response signed with the new key did not verify: {verdict.Reason}: {verdict.Message}");
        return $"a response signed with the new key verified by {c.Short(verdict.Fingerprint)}";
    }

    public static DrillStep Resume() => new(Role.SenderAdministrator, "Resume sending.", async (c, ct) =>
    {
        var before = await c.Sender.TrafficAsync(ct);
        c.SentAtResume = before.SentThisRun;
        var status = await c.Sender.ResumeAsync(ct);
        c.ResumedAt = c.Time.GetUtcNow();
        if (status.Paused) throw new StepCheckFailed("traffic is still paused");
        var probe = await c.Sender.ProbeAsync(c.Settings.ProbeCount, ct);
        if (probe.Verified != probe.Count) throw new StepCheckFailed($"after resuming, probe: {probe.Verified}/{probe.Count} verified ({Reasons(probe)})");
        return $"resumed; probe {probe.Verified}/{probe.Count} verified by {string.Join(", ", probe.VerifiedBy.Keys.Select(c.Short))}";
    })
    { Observe = true };

    private static string Reasons(ProbeReport probe) =>
        probe.RejectedByReason.Count == 0 ? $"{probe.SoapFaults} faults, {probe.TransportErrors} transport errors"
        : string.Join(", ", probe.RejectedByReason.Select(r => $"{r.Value}× {r.Key}"));
}
