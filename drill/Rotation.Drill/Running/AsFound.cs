using Rotation.Drill.Admin;
using Rotation.Drill.Tenants;
using Rotation.Sender.Contracts;

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
public sealed record AsFound(TenantAsFound Tenant, TrustStoreView Trust, TrafficStatus Traffic)
{
    /// <summary>The sender profile (docs/DESIGN.md §13): a drill run with --sender-profile sets it back.</summary>
    public required ProfileView Profile { get; init; }

    /// <summary>--case verify-request: the tenant's inbound verification and the sender's request signing (docs/DESIGN.md §10); null otherwise.</summary>
    public InboundAsFound? Inbound { get; init; }

    /// <param name="inbound">Whether a procedure will change inbound verification and request signing (--case verify-request).</param>
    public static async Task<AsFound> CaptureAsync(ITenantAdministration tenant, SenderAdmin sender, CancellationToken ct, bool inbound = false) =>
        new(await tenant.CaptureAsync(ct), await sender.TrustAsync(ct), await sender.TrafficAsync(ct))
        {
            Profile = await sender.ProfileAsync(ct),
            Inbound = inbound ? await InboundAsFound.CaptureAsync(tenant, sender, ct) : null,
        };

    /// <summary>What had to change back, in words for the console and the report; empty when nothing had changed.</summary>
    /// <param name="createdAliases">Key pairs the drill created; those still in the keystore were never exchanged.</param>
    /// <param name="createdSenderAliases">Key pairs the drill created on the sender (--case verify-request).</param>
    public async Task<IReadOnlyList<string>> RestoreAsync(ITenantAdministration tenant, SenderAdmin sender, IReadOnlyCollection<string> createdAliases, CancellationToken ct,
        IReadOnlyCollection<string>? createdSenderAliases = null)
    {
        var done = new List<string>();
        await sender.StopTrafficAsync(ct);

        done.AddRange(await tenant.RestoreAsync(Tenant, createdAliases, ct));
        if (Inbound is not null) done.AddRange(await Inbound.RestoreAsync(tenant, sender, createdSenderAliases ?? [], ct));

        var wanted = await WantedTrustAsync(tenant, ct);
        var trust = await sender.TrustAsync(ct);
        if (!SameTrust(trust, wanted))
        {
            if (wanted.Mode == TrustMode.Single)
            {
                trust = await sender.ExchangeAsync(wanted.Certificates[0].Pem, ct);
                if (trust.Mode != wanted.Mode) trust = await sender.SetModeAsync(TrustMode.Single, ct);
            }
            else
            {
                if (trust.Mode != wanted.Mode) trust = await sender.SetModeAsync(TrustMode.Overlap, ct);
                foreach (var missing in wanted.Certificates.Where(c => !trust.Holds(c.Fingerprint)).ToList()) trust = await sender.AddAsync(missing.Pem, ct);
                foreach (var extra in trust.Certificates.Where(c => !wanted.Holds(c.Fingerprint)).ToList()) trust = await sender.RemoveAsync(extra.Fingerprint, ct);
            }
            done.Add($"sender: trust set back to {trust.Describe()}");
        }
        // CAs the drill trusted (--ca test) go after the pinned certificates are back: the store is never left trusting nothing.
        foreach (var added in trust.Authorities.Where(a => !Trust.HoldsAuthority(a.Fingerprint)).ToList())
        {
            trust = await sender.RemoveAuthorityAsync(added.Fingerprint, ct);
            done.Add($"sender: stopped trusting the CA {added.Subject} the drill had added");
        }

        if ((await sender.ProfileAsync(ct)).Profile != Profile.Profile)
        {
            await sender.SetProfileAsync(Profile.Profile, ct);
            done.Add($"sender: profile set back to {Profile.Profile}");
        }

        var traffic = await sender.TrafficAsync(ct);
        if (Traffic.HasRun())
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
    private async Task<WantedTrust> WantedTrustAsync(ITenantAdministration tenant, CancellationToken ct)
    {
        var now = await tenant.SigningKeyAsync(ct);
        var signing = new PinnedCertificate(now.Fingerprint, now.CertificatePem);
        var found = Trust.Certificates.Select(c => new PinnedCertificate(c.Fingerprint, c.Pem)).ToList();
        if (found.Count == 0) return new(Trust.Mode, [signing]);
        if (now.Fingerprint == Tenant.Fingerprint) return new(Trust.Mode, found);
        return new(Trust.Mode, [.. found.Select(c => c.Fingerprint == Tenant.Fingerprint ? signing : c).DistinctBy(c => c.Fingerprint)]);
    }

    private static bool SameTrust(TrustStoreView current, WantedTrust wanted) =>
        current.Mode == wanted.Mode
        && current.Certificates.Select(c => c.Fingerprint).Order().SequenceEqual(wanted.Certificates.Select(c => c.Fingerprint).Order());

    /// <summary>The pinned certificates the restore puts back: what it compares (the fingerprint) and what it sends (the PEM).</summary>
    private sealed record PinnedCertificate(string Fingerprint, string Pem);

    /// <summary>The trust the restore aims for: the mode as found and the pinned certificates it must hold.</summary>
    private sealed record WantedTrust(TrustMode Mode, IReadOnlyList<PinnedCertificate> Certificates)
    {
        public bool Holds(string fingerprint) => Certificates.Any(c => c.Fingerprint == fingerprint);
    }
}
