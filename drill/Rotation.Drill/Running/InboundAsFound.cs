using Rotation.Sender.Contracts;
using Rotation.Tenant.Contracts;
using Rotation.Drill.Admin;
using Rotation.Drill.Tenants;

namespace Rotation.Drill.Running;

/// <summary>
/// The tenant's inbound verification and the sender's request signing as the drill found them (--case verify-request,
/// docs/DESIGN.md §10), and the way back. Like the sign-response case's restore, the renewal itself stays: a listed
/// alias that held the sender's certificate as found, and was removed by the procedure, gives way to the alias that
/// holds the sender's certificate now; certificate entries the drill imported and no longer listed are deleted.
/// </summary>
public sealed record InboundAsFound(InboundVerificationView Inbound, IReadOnlySet<string> Entries, KeystoreView SenderKeystore)
{
    public static async Task<InboundAsFound?> CaptureAsync(ITenantAdministration tenant, SenderAdmin sender, CancellationToken ct)
    {
        if ((tenant as AdminApiTenant)?.Inbound is not { } inbound) return null;
        return new(await inbound.ViewAsync(ct), (await inbound.EntriesAsync(ct)).Select(e => e.Alias).ToHashSet(StringComparer.Ordinal), await sender.KeystoreAsync(ct));
    }

    /// <summary>What had to change back, in words; empty when nothing had changed.</summary>
    /// <param name="createdSenderAliases">Key pairs the drill created on the sender; those still there were never exchanged.</param>
    public async Task<IReadOnlyList<string>> RestoreAsync(ITenantAdministration tenant, SenderAdmin sender, IReadOnlyCollection<string> createdSenderAliases, CancellationToken ct)
    {
        var done = new List<string>();
        var inbound = ((AdminApiTenant)tenant).Inbound;
        var keystore = await sender.KeystoreAsync(ct);
        var view = await inbound.ViewAsync(ct);
        var wanted = WantedAliases(view, keystore);
        if (view.IsRequired() != Inbound.IsRequired() || !view.PublicKeyAliases.SequenceEqual(wanted, StringComparer.Ordinal))
        {
            await inbound.SetAsync(Inbound.IsRequired(), wanted, ct);
            done.Add($"tenant: inbound verification set back to {Inbound.Mode}" + (wanted.Count > 0 ? $", public key aliases {string.Join(", ", wanted)}" : ""));
        }
        foreach (var entry in (await inbound.EntriesAsync(ct)).Where(e => e.Kind == EntryKind.Certificate && !Entries.Contains(e.Alias) && !wanted.Contains(e.Alias)))
        {
            await inbound.DeleteEntryAsync(entry.Alias, ct);
            done.Add($"tenant: certificate entry '{entry.Alias}' the drill imported deleted");
        }

        if (keystore.Signing != SenderKeystore.Signing)
        {
            await sender.SetRequestSigningAsync(SenderKeystore.Signing.Enabled, SenderKeystore.Signing.KeyReference, ct);
            done.Add($"sender: request signing set back to {(SenderKeystore.Signing.Enabled ? $"on ({SenderKeystore.Signing.KeyReference})" : "off")}");
        }
        foreach (var left in createdSenderAliases.Where(a => keystore.KeyPairs.Any(k => k.Alias == a)))
            done.Add($"sender: renewal key pair '{left}' was never exchanged and stays in the sender's keystore (its admin API deletes no key pair)");
        return done;
    }

    /// <summary>The aliases as found, the one that held the sender's certificate then replaced by the one that holds it now when the procedure removed it.</summary>
    private List<string> WantedAliases(InboundVerificationView now, KeystoreView keystore)
    {
        var foundFingerprint = SenderKeystore.SigningKeyPair()?.Fingerprint;
        var currentFingerprint = keystore.SigningKeyPair()?.Fingerprint;
        var holdingNow = now.Certificates.FirstOrDefault(c => c.Imported && c.Fingerprint == currentFingerprint)?.Alias;
        return [.. Inbound.PublicKeyAliases
            .Select(alias => holdingNow is not null && foundFingerprint != currentFingerprint
                && Inbound.Certificates.Any(c => c.Alias == alias && c.Fingerprint == foundFingerprint)
                && !now.Certificates.Any(c => c.Alias == alias && c.Imported) ? holdingNow : alias)
            .Distinct(StringComparer.Ordinal)];
    }
}
