using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Sender.Contracts;
using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Plan;

/// <summary>
/// drill plan (docs/DESIGN.md §13): every signing certificate (key pair) of the tenant keystore with its days to expiry,
/// the procedure proposed for its renewal — overlap when the sender can trust more than one certificate (it trusts
/// several, is in overlap mode, or trusts through a CA), single otherwise or when the sender's trust store was not
/// read — the latest safe start (expiry minus the lead time) and the runbook, on the injected clock.
/// </summary>
public sealed record RenewalPlan(DateTimeOffset GeneratedAt, int LeadTimeDays, string Tenant, string? Sender, string? SenderTrust, string? SenderProfile,
    IReadOnlyList<PlannedRenewal> Renewals, IReadOnlyList<TrustExpiry> Trusted)
{
    /// <summary>A certificate expires within the lead time (or has expired): exit <see cref="ExitCodes.RenewalDue"/>.</summary>
    public bool AnyDue => Renewals.Any(r => r.Due);

    public int ExitCode => AnyDue ? ExitCodes.RenewalDue : ExitCodes.Succeeded;

    /// <summary>The plan's opening, word for word the same in plan.md and plan.html.</summary>
    public string Title => $"Renewal plan, {Day(GeneratedAt)}";

    public string Services => $"Tenant {Tenant}; sender {Sender ?? "not read"}{(SenderTrust is { } t ? $" ({t}, profile {SenderProfile})" : "")}. " +
        $"Lead time {LeadTimeDays} days: a renewal starts at the latest that many days before the certificate expires.";

    public string Verdict => AnyDue
        ? $"Renewal due now: {string.Join(", ", Renewals.Where(r => r.Due).Select(r => $"'{r.Alias}'"))} expire(s) within the lead time."
        : "No certificate expires within the lead time.";

    /// <summary>A day as both renderings show it (UTC).</summary>
    public static string Day(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<RenewalPlan> BuildAsync(TenantAdmin tenant, SenderAdmin? sender, int leadTimeDays, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(time);
        var entries = await tenant.EntriesAsync(ct);
        var signer = await tenant.SignerStepAsync(ct);
        TrustStoreView? trust = null;
        ProfileView? profile = null;
        IReadOnlyList<TrustExpiry> trusted = [];
        if (sender is not null)
        {
            trust = await sender.TrustAsync(ct);
            profile = await sender.ProfileAsync(ct);
            trusted = (await sender.TrustExpiryAsync(ct)).Certificates;
        }
        var (procedure, why) = Propose(trust);
        var runbook = RunbookStep.Of(procedure, profile);
        var now = time.GetUtcNow();
        var lead = TimeSpan.FromDays(leadTimeDays);
        var renewals = entries
            .Where(e => e.Kind == EntryKind.KeyPair)
            .OrderBy(e => e.NotAfter)
            .Select(e => new PlannedRenewal(e.Alias, e.Subject, e.Issuer, e.SerialNumber, e.Fingerprint, e.NotAfter,
                Math.Round((e.NotAfter - now).TotalDays, 1), e.Alias == signer.Alias, procedure, why, e.NotAfter - lead, e.NotAfter - lead <= now, runbook))
            .ToList();
        return new RenewalPlan(now, leadTimeDays, tenant.BaseAddress.ToString(), sender?.BaseAddress.ToString(),
            trust is null ? null : $"{trust.Mode} mode, {trust.Certificates.Count} certificate(s)", profile?.Profile, renewals, trusted);
    }

    private static (ProcedureMode, string) Propose(TrustStoreView? trust) => trust switch
    {
        null => (ProcedureMode.Single, "the sender's trust store was not read (no --sender): single is the procedure every sender can follow; overlap avoids the downtime if the sender can trust two certificates at once"),
        { Certificates.Count: > 1 } => (ProcedureMode.Overlap, $"the sender trusts {trust.Certificates.Count} certificates at once: it can trust the old and the new side by side"),
        { Mode: not TrustMode.Single } =>
            (ProcedureMode.Overlap, $"the sender's trust store is in {trust.Mode} mode: it can trust the old and the new side by side"),
        _ => (ProcedureMode.Single, "the sender trusts exactly one certificate at a time (single mode): the exchange needs an agreed downtime"),
    };
}
