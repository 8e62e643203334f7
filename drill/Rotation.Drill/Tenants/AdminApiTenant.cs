using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Tenants;

/// <summary>
/// The tenant's own admin API (--tenant-api admin): everything the drill checks is possible — the dynamic alias header
/// signs a response with the new key before the exchange, the in-flight view shows when no old-key message is left,
/// the exchange keeps the alias in one change and the message log counts what was signed with which key.
/// </summary>
public sealed class AdminApiTenant(TenantAdmin admin, TenantNodeAdmins nodes, Uri flowEndpoint, DrillSettings settings, TimeProvider time) : ITenantAdministration
{
    /// <summary>
    /// Each node's own admin API when the drill started the nodes (its embedded cluster): what only a node can answer —
    /// its in-flight view, its message log — is asked of every one. Else the tenant's one URL answers for all.
    /// </summary>
    private IReadOnlyList<TenantAdmin> EveryNode => nodes.Admins.Count > 0 ? nodes.Admins : [admin];

    private readonly FlowCaller _flow = new(flowEndpoint);

    /// <summary>The admin API itself, for what only it offers (the test CA path, docs/DESIGN.md §12).</summary>
    public TenantAdmin Admin => admin;

    /// <summary>Inbound verification and the verified message log (--case verify-request, docs/DESIGN.md §10).</summary>
    public InboundAdministration Inbound => new(admin, EveryNode);

    public string Api => "admin";

    public string Description => $"admin {admin.BaseAddress} (flow {flowEndpoint})";

    public bool CanSignWithOtherAlias => true;

    public IReadOnlyList<TenantCheck> Checks { get; } =
    [
        new("a response signed with the new key verifies before the exchange", true, "the flow signs with the new key when asked through the dynamic alias header"),
        new("no message signed with the old key in flight before the exchange", true, "the tenant's in-flight view"),
        new("the alias always holds a key pair", true, "the exchange keeps the alias in one change"),
        new("no message signed with the old key after the exchange", true, "the tenant's message log"),
        new("the old key pair is kept", true, "the key history"),
    ];

    public async Task<SigningKey> SigningKeyAsync(CancellationToken ct)
    {
        var signer = await admin.SignerStepAsync(ct);
        if (signer.Fingerprint is null) throw new AdminCallFailed($"tenant: the signer step's alias '{signer.Alias}' holds no key pair");
        var entry = await admin.EntryAsync(signer.Alias, ct);
        var pem = await admin.CertificatePemAsync(signer.Alias, ct);
        return new SigningKey(signer.Alias, entry.Fingerprint, entry.Subject, entry.KeyAlgorithm, entry.KeySize, pem, signer);
    }

    public async Task PrepareAsync(SigningKey current, CancellationToken ct)
    {
        if (string.Equals(current.Signer.AliasHeader, settings.AliasHeader, StringComparison.OrdinalIgnoreCase)) return;
        await admin.SetAliasHeaderAsync(settings.AliasHeader, [current.Alias], ct);
        var deployed = await Running.DeploymentWatch.FollowAsync(this, time.GetUtcNow(), settings.DeployTimeout, time, ct);
        if (!deployed.Complete) throw new AdminCallFailed($"tenant: not every node deployed the drill's alias header within {settings.DeployTimeout.TotalSeconds:0.#} s: {deployed.Describe()}");
    }

    public async Task<RenewalKey> CreateRenewalKeyAsync(SigningKey current, string newAlias, RenewalSubject subject, int keySize, CancellationToken ct)
    {
        var created = await admin.CreateKeyPairAsync(newAlias, subject.DistinguishedName, current.KeyAlgorithm, keySize, ct);
        if (created.Kind != EntryKind.KeyPair) throw new StepCheckFailed($"'{newAlias}' is a {created.Kind}, not a key pair");
        // The tenant's alias header may name only the aliases allowed with it: the old and the new one.
        await admin.SetAliasHeaderAsync(settings.AliasHeader, [current.Alias, newAlias], ct);
        return new RenewalKey(newAlias, created.Fingerprint, created.Subject, created.KeyAlgorithm, created.KeySize, "on the tenant (admin API)");
    }

    public Task<string> RenewalCertificatePemAsync(RenewalKey renewal, CancellationToken ct) => admin.CertificatePemAsync(renewal.Alias, ct);

    public Task<byte[]> CallFlowAsync(string? signWith, CancellationToken ct) =>
        _flow.CallAsync(signWith is null ? null : (settings.AliasHeader, signWith), ct);

    public async Task<string> EnsureNoOldMessagesAsync(string oldFingerprint, CancellationToken ct)
    {
        // "In the system" is every node: each one's in-flight view is asked when the drill knows the nodes.
        var drains = await Task.WhenAll(EveryNode.Select(node => node.WaitUntilDrainedAsync(oldFingerprint, settings.DrainTimeout, ct)));
        var inFlight = drains.Sum(d => d.InFlight);
        if (drains.Any(d => !d.Drained)) throw new StepCheckFailed($"{inFlight} messages signed with the old key are still in flight after {settings.DrainTimeout.TotalSeconds:0} s");
        return $"in-flight view{(drains.Length > 1 ? $" of all {drains.Length} nodes" : "")}: no message signed with {Running.FingerprintText.Short(oldFingerprint)}";
    }

    public async Task<KeyExchange> ExchangeAsync(SigningKey current, RenewalKey renewal, CancellationToken ct)
    {
        var retired = HistoryInfo.Of((await admin.ExchangeAsync(current.Alias, renewal.Alias, ct)).Retired);
        return new KeyExchange(retired, null,
            $"old key pair in the key history (retired {retired.RetiredAt:HH:mm:ss.fff}, purgeable from {retired.PurgeableFrom:yyyy-MM-dd})");
    }

    public async Task<HistoryInfo?> RetiredKeyAsync(string alias, string oldFingerprint, CancellationToken ct) =>
        (await admin.HistoryAsync(alias, ct)).FirstOrDefault(h => h.Fingerprint == oldFingerprint);

    /// <summary>Every node's message log: the one that lagged is the one that signed with the old key.</summary>
    public async Task<long?> SignedWithAfterAsync(string fingerprint, DateTimeOffset from, CancellationToken ct) =>
        (await Task.WhenAll(EveryNode.Select(node => node.CountSignedWithAsync(fingerprint, from, ct)))).Sum();

    public Task<ClusterView?> ClusterAsync(CancellationToken ct) => admin.ClusterAsync(ct);

    public async Task<TenantAsFound> CaptureAsync(CancellationToken ct)
    {
        var signer = await admin.SignerStepAsync(ct);
        return new TenantAsFound(signer.Alias, signer.Fingerprint, signer);
    }

    public async Task<IReadOnlyList<string>> RestoreAsync(TenantAsFound asFound, IReadOnlyCollection<string> createdAliases, CancellationToken ct)
    {
        var done = new List<string>();
        var found = asFound.Signer!;
        var signer = await admin.SignerStepAsync(ct);
        var allowedAsFound = found.AllowedAliases ?? [];
        if (!string.Equals(signer.AliasHeader ?? "", found.AliasHeader ?? "", StringComparison.Ordinal)
            || !(signer.AllowedAliases ?? []).SequenceEqual(allowedAsFound, StringComparer.Ordinal))
        {
            await admin.SetAliasHeaderAsync(found.AliasHeader, allowedAsFound, ct);
            done.Add($"tenant: dynamic alias header set back to {(found.AliasHeader is { } h ? $"'{h}'" : "off")}"
                + (allowedAsFound.Count > 0 ? $", allowing {string.Join(", ", allowedAsFound)}" : ""));
        }
        var entries = await admin.EntriesAsync(ct);
        foreach (var renewal in createdAliases.Where(a => entries.Any(e => e.Alias == a)))
        {
            await admin.DeleteEntryAsync(renewal, ct);
            done.Add($"tenant: renewal key pair '{renewal}' deleted (never exchanged)");
        }
        return done;
    }

    public void Dispose()
    {
        _flow.Dispose();
        nodes.Dispose();
        admin.Dispose();
    }
}
