using Rotation.Drill.Admin;
using Rotation.Drill.Running;
using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Procedures;

/// <summary>
/// The sentences of the renewal of the sender's key (--case verify-request, docs/DESIGN.md §10): the sender makes and
/// hands over a new key pair, the tenant allows its certificate under a new alias beside the old one, the sender
/// switches keeping its alias, and the tenant removes the old certificate only once nothing verified with it is left
/// and the delivery window has passed.
/// </summary>
public static class VerifyRequestSteps
{
    public static DrillStep CreateKeyPair() => new(Role.SenderAdministrator, "Create a new key pair.", async (c, ct) =>
    {
        var k = Renewal(c);
        var stamp = Stamp(c);
        k.NewSenderAlias = $"{k.SigningAlias}-renewal-{stamp}";
        var subject = c.Settings.NewSubject == NewSubject.Same ? k.Old.Subject : TenantSteps.RenewedSubject(k.Old.Subject, stamp);
        var created = await c.Sender.CreateKeyPairAsync(k.NewSenderAlias, k.Old.Algorithm, subject, ct);
        if (created.Fingerprint == k.Old.Fingerprint) throw new StepCheckFailed("the new key pair has the old certificate");
        if (created.Signing) throw new StepCheckFailed($"'{created.Alias}' already signs requests: the new key pair must wait for the exchange");
        k.NewFingerprint = created.Fingerprint;
        return $"'{created.Alias}' on the sender: {created.Algorithm}, {created.Subject}, {c.Short(created.Fingerprint)}; requests are still signed with '{k.SigningAlias}'";
    });

    public static DrillStep ProvideCertificate() => new(Role.SenderAdministrator, "Hand the new certificate to the tenant administrator.", async (c, ct) =>
    {
        var k = Renewal(c);
        k.NewCertificatePem = CertificateHandover.Checked(await c.Sender.KeyPairCertificatePemAsync(k.NewSenderAlias!, ct), k.NewFingerprint);
        return $"PEM certificate of '{k.NewSenderAlias}' (no private key), {c.Short(k.NewFingerprint)}";
    });

    public static DrillStep ImportAndAllow() => new(Role.TenantAdministrator, "Import the certificate under a new alias and allow it in the flow beside the old one.", async (c, ct) =>
    {
        var k = Renewal(c);
        var pem = k.NewCertificatePem ?? throw new StepCheckFailed("the sender has handed over no certificate");
        k.NewTenantAlias = $"{BaseAlias(k.OldTenantAlias)}-renewal-{Stamp(c)}";
        var imported = await k.Inbound.ImportCertificateAsync(k.NewTenantAlias, pem, ct);
        if (imported.Fingerprint != k.NewFingerprint) throw new StepCheckFailed($"'{k.NewTenantAlias}' holds {c.Short(imported.Fingerprint)}, not the certificate handed over");
        await k.Inbound.SetAsync(true, [.. k.OtherAliases, k.OldTenantAlias, k.NewTenantAlias], ct);
        // The sender's next request may reach any node: every one must allow the new certificate before the sender hears of it.
        var deployed = await c.AllDeployedAsync(ct);
        var view = await k.Inbound.ViewAsync(ct);
        if (!Allows(view, k.OldTenantAlias, k.Old.Fingerprint) || !Allows(view, k.NewTenantAlias, k.NewFingerprint!))
            throw new StepCheckFailed($"the flow allows {Describe(c, view)}, not the old and the new certificate");
        return $"certificate entry '{k.NewTenantAlias}' ({imported.Subject}, {c.Short(imported.Fingerprint)}); the flow allows {Describe(c, view)}" +
            (deployed.Cluster ? $"; deployed on {deployed.Nodes.Count} node(s)" : "");
    })
    { Observe = true };

    public static DrillStep InformSender() => new(Role.TenantAdministrator, "Inform the sender that the new certificate is allowed.", async (c, ct) =>
    {
        var k = Renewal(c);
        var view = await k.Inbound.ViewAsync(ct);
        if (k.NewTenantAlias is null || !view.IsRequired() || !Allows(view, k.NewTenantAlias, k.NewFingerprint!))
            throw new StepCheckFailed($"the flow does not allow the new certificate: {view.Mode}, {Describe(c, view)}");
        return $"inbound verification {view.Mode}: {Describe(c, view)}";
    });

    public static DrillStep ExchangeKeepingAlias() => new(Role.SenderAdministrator, "Exchange the key pair, keeping the alias (requests are signed with the new key from now on).", async (c, ct) =>
    {
        var k = Renewal(c);
        var change = await c.Sender.ExchangeKeyPairAsync(k.SigningAlias, k.NewSenderAlias!, ct);
        k.SwitchedAt = c.Time.GetUtcNow();
        k.Retired = change.Retired;
        var signing = change.Keystore.SigningKeyPair();
        if (signing?.Fingerprint != k.NewFingerprint) throw new StepCheckFailed($"'{k.SigningAlias}' holds {c.Short(signing?.Fingerprint)}, not the new key");
        if (change.Retired?.Fingerprint != k.Old.Fingerprint) throw new StepCheckFailed("the sender's key history did not receive the old key pair");
        return $"'{k.SigningAlias}' now signs requests with {c.Short(k.NewFingerprint)}; the old key pair is in the sender's key history ({change.Retired.Id}, purgeable from {change.Retired.PurgeableFrom:yyyy-MM-dd})";
    })
    { Observe = true };

    /// <summary>The sender's word is backed by a live probe: requests signed with the new key go through and their responses verify.</summary>
    public static DrillStep InformTenant() => new(Role.SenderAdministrator, "Inform the tenant that requests are signed with the new key.", async (c, ct) =>
        $"{await ProbeAsync(c, "after the switch", ct)}; requests signed with {c.Short(Renewal(c).NewFingerprint)}");

    public static DrillStep WaitForOldToDrain() => new(Role.TenantAdministrator,
        "Wait until no request verified with the old certificate is in the system and the delivery window has passed.", async (c, ct) =>
    {
        var k = Renewal(c);
        var switched = k.SwitchedAt ?? throw new StepCheckFailed("the sender has not said it signs with the new key");
        var until = switched + c.Settings.DeliveryWindow;
        await c.Time.UntilAsync(until, ct);
        var (drained, inFlight, nodes) = await k.Inbound.WaitUntilVerifiedDrainedAsync(k.Old.Fingerprint, c.Settings.DrainTimeout, ct);
        if (!drained) throw new StepCheckFailed($"{inFlight} requests verified with the old certificate are still in flight after {c.Settings.DrainTimeout.TotalSeconds:0} s");
        var old = await k.Inbound.UseAsync(k.Old.Fingerprint, k.PreparedAt, ct);
        var renewed = await k.Inbound.UseAsync(k.NewFingerprint!, k.PreparedAt, ct);
        if (renewed.Verified == 0) throw new StepCheckFailed("the message log shows no request verified with the new certificate");
        return $"delivery window {c.Settings.DeliveryWindow.TotalSeconds:0.###} s passed since the switch; verified in-flight view{(nodes > 1 ? $" of all {nodes} nodes" : "")}: " +
            $"no request verified with {c.Short(k.Old.Fingerprint)}; message log: old certificate last used {At(old.LastAt)}, new one verified {renewed.Verified} requests since {At(renewed.FirstAt)}";
    });

    public static DrillStep RemoveOld() => new(Role.TenantAdministrator, "Remove the old certificate from the flow's public key aliases and from the keystore.", async (c, ct) =>
    {
        var k = Renewal(c);
        await k.Inbound.SetAsync(true, [.. k.OtherAliases, .. k.NewTenantAlias is { } added ? new[] { added } : []], ct);
        await k.Inbound.DeleteEntryAsync(k.OldTenantAlias, ct);
        k.RemovedAt = c.Time.GetUtcNow();
        await c.AllDeployedAsync(ct);
        var view = await k.Inbound.ViewAsync(ct);
        if (view.PublicKeyAliases.Contains(k.OldTenantAlias)) throw new StepCheckFailed($"the flow still lists '{k.OldTenantAlias}'");
        return $"'{k.OldTenantAlias}' removed from the flow and the keystore; the flow allows {Describe(c, view)}; {await ProbeAsync(c, "after the removal", ct)}";
    })
    { Observe = true };

    private static async Task<string> ProbeAsync(DrillContext c, string when, CancellationToken ct)
    {
        var probe = await c.Sender.ProbeAsync(c.Settings.ProbeCount, ct);
        if (probe.Verified != probe.Count)
            throw new StepCheckFailed($"{when}, probe: {probe.Verified}/{probe.Count} went through ({probe.SoapFaults} refused with a SOAP fault, {probe.Rejected} responses rejected, {probe.TransportErrors} transport errors)");
        return $"probe {probe.Verified}/{probe.Count} went through";
    }

    private static SenderRenewal Renewal(DrillContext c) => c.SenderKey ?? throw new StepCheckFailed("the drill did not prepare the renewal of the sender's key");

    private static string Stamp(DrillContext c) => c.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss");

    /// <summary>The alias without an earlier drill's renewal suffix, so repeated drills do not grow it.</summary>
    private static string BaseAlias(string alias) => alias.Split("-renewal-")[0];

    private static bool Allows(InboundVerificationView view, string alias, string fingerprint) =>
        view.Certificates.Any(e => e.Alias == alias && e.Imported && e.Fingerprint == fingerprint);

    private static string Describe(DrillContext c, InboundVerificationView view) =>
        string.Join(", ", view.Certificates.Select(e => e.Imported ? $"'{e.Alias}' ({c.Short(e.Fingerprint)})" : $"'{e.Alias}' (not imported)"));

    private static string At(DateTimeOffset? moment) => moment is { } m ? $"{m:HH:mm:ss.fff} UTC" : "never";
}
