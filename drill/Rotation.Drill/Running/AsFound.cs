using Rotation.Drill.Admin;

namespace Rotation.Drill.Running;

/// <summary>
/// Both services as the drill found them, and the way back (docs/DESIGN.md §11, issue 12 §4): when a procedure
/// ends — passed, failed or interrupted — the drill restores what it changed that is not the renewal itself:
/// the tenant's signer settings (the dynamic alias header it switches on), a renewal key pair it created but
/// never exchanged, the sender's trust mode and the entries it removed, and the sender's own traffic (a run it
/// took over is started again at its rate, paused if it was paused). When the tenant did exchange, the sender
/// keeps trusting what the tenant now signs with: its old certificate is put back as the new one, nothing else.
/// A sender profile the drill set (--sender-profile, docs/DESIGN.md §13) is set back too.
/// </summary>
public sealed record AsFound(SignerStepInfo Signer, TrustInfo Trust, TrafficInfo Traffic)
{
    /// <summary>The sender profile (docs/DESIGN.md §13): a drill run with --sender-profile sets it back.</summary>
    public required ProfileInfo Profile { get; init; }

    public static async Task<AsFound> CaptureAsync(TenantAdmin tenant, SenderAdmin sender, CancellationToken ct) =>
        new(await tenant.SignerStepAsync(ct), await sender.TrustAsync(ct), await sender.TrafficAsync(ct)) { Profile = await sender.ProfileAsync(ct) };

    /// <summary>What had to change back, in words for the console and the report; empty when nothing had changed.</summary>
    /// <param name="createdAliases">Key pairs the drill created; those still in the keystore were never exchanged.</param>
    public async Task<IReadOnlyList<string>> RestoreAsync(TenantAdmin tenant, SenderAdmin sender, IReadOnlyCollection<string> createdAliases, CancellationToken ct)
    {
        var done = new List<string>();
        await sender.StopTrafficAsync(ct);

        var signer = await tenant.SignerStepAsync(ct);
        var allowedAsFound = Signer.AllowedAliases ?? [];
        if (!string.Equals(signer.AliasHeader ?? "", Signer.AliasHeader ?? "", StringComparison.Ordinal)
            || !(signer.AllowedAliases ?? []).SequenceEqual(allowedAsFound, StringComparer.Ordinal))
        {
            await tenant.SetAliasHeaderAsync(Signer.AliasHeader, allowedAsFound, ct);
            done.Add($"tenant: dynamic alias header set back to {(Signer.AliasHeader is { } h ? $"'{h}'" : "off")}"
                + (allowedAsFound.Count > 0 ? $", allowing {string.Join(", ", allowedAsFound)}" : ""));
        }
        var entries = await tenant.EntriesAsync(ct);
        foreach (var renewal in createdAliases.Where(a => entries.Any(e => e.Alias == a)))
        {
            await tenant.DeleteEntryAsync(renewal, ct);
            done.Add($"tenant: renewal key pair '{renewal}' deleted (never exchanged)");
        }

        var wanted = await WantedTrustAsync(tenant, signer, ct);
        var trust = await sender.TrustAsync(ct);
        if (!SameTrust(trust, wanted))
        {
            if (string.Equals(wanted.Mode, "Single", StringComparison.OrdinalIgnoreCase))
            {
                trust = await sender.ExchangeAsync(wanted.Certificates[0].Pem, ct);
                if (!string.Equals(trust.Mode, wanted.Mode, StringComparison.OrdinalIgnoreCase)) trust = await sender.SetModeAsync("single", ct);
            }
            else
            {
                if (!string.Equals(trust.Mode, wanted.Mode, StringComparison.OrdinalIgnoreCase)) trust = await sender.SetModeAsync("overlap", ct);
                foreach (var missing in wanted.Certificates.Where(c => !trust.Holds(c.Fingerprint)).ToList()) trust = await sender.AddAsync(missing.Pem, ct);
                foreach (var extra in trust.Certificates.Where(c => !wanted.Holds(c.Fingerprint)).ToList()) trust = await sender.RemoveAsync(extra.Fingerprint, ct);
            }
            done.Add($"sender: trust set back to {trust.Describe()}");
        }

        if ((await sender.ProfileAsync(ct)).Profile != Profile.Profile)
        {
            await sender.SetProfileAsync(Profile.Profile, ct);
            done.Add($"sender: profile set back to {Profile.Profile}");
        }

        var traffic = await sender.TrafficAsync(ct);
        if (Traffic.Running)
        {
            await sender.StartTrafficAsync(Traffic.Rate, Traffic.Concurrency, ct);
            done.Add($"sender: its own traffic started again at {Traffic.Rate:0.#}/s, concurrency {Traffic.Concurrency}");
        }
        if (Traffic.Paused && !traffic.Paused)
        {
            await sender.PauseAsync(ct);
            done.Add("sender: paused again");
        }
        else if (!Traffic.Paused && traffic.Paused)
        {
            await sender.ResumeAsync(ct);
            done.Add("sender: resumed");
        }
        return done;
    }

    /// <summary>
    /// The trust as found, except that a certificate the tenant retired in this drill gives way to the one it signs with
    /// now. A sender that trusted nothing (a fresh one, as in the compose demo) cannot be emptied again — its last
    /// certificate is never removed — so it keeps trusting what the tenant signs with now.
    /// </summary>
    private async Task<TrustInfo> WantedTrustAsync(TenantAdmin tenant, SignerStepInfo now, CancellationToken ct)
    {
        if (Trust.Certificates.Count == 0 && now.Fingerprint is { } current)
            return Trust with { Certificates = [new TrustCertificateInfo(current, "", 0, await tenant.CertificatePemAsync(now.Alias, ct))] };
        if (now.Fingerprint is not { } renewed || renewed == Signer.Fingerprint) return Trust;
        var pem = await tenant.CertificatePemAsync(now.Alias, ct);
        var certificates = Trust.Certificates
            .Select(c => c.Fingerprint == Signer.Fingerprint ? new TrustCertificateInfo(renewed, "", 0, pem) : c)
            .DistinctBy(c => c.Fingerprint)
            .ToList();
        return Trust with { Certificates = certificates };
    }

    private static bool SameTrust(TrustInfo current, TrustInfo wanted) =>
        string.Equals(current.Mode, wanted.Mode, StringComparison.OrdinalIgnoreCase)
        && current.Certificates.Select(c => c.Fingerprint).Order().SequenceEqual(wanted.Certificates.Select(c => c.Fingerprint).Order());
}
