using System.Collections.Concurrent;
using Rotation.Drill.Admin;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Rotation.Drill.Tenants;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Procedures;

/// <summary>What the two administrators know and hand each other as the procedure goes.</summary>
public sealed class DrillContext(ITenantAdministration tenant, SenderAdmin sender, DrillSettings settings, TimeProvider time)
{
    public ITenantAdministration Tenant => tenant;
    public SenderAdmin Sender => sender;
    public DrillSettings Settings => settings;
    public TimeProvider Time => time;

    /// <summary>The key pair the tenant signed with when the procedure began; its certificate as the sender administrator holds it.</summary>
    public required SigningKey SigningKey { get; init; }
    public string Alias => SigningKey.Alias;
    public string OldFingerprint => SigningKey.Fingerprint;
    public string OldSubject => SigningKey.Subject;
    public string KeyAlgorithm => SigningKey.KeyAlgorithm;
    public int KeySize => SigningKey.KeySize;
    public string OldCertificatePem => SigningKey.CertificatePem;
    public SignerStepInfo Signer => SigningKey.Signer;

    public string? NewAlias { get; set; }
    /// <summary>The new key pair, and where it lives until the exchange (on the tenant, or in the drill's memory for an upload).</summary>
    public RenewalKey? Renewal { get; set; }
    /// <summary>An exchange by rename: when the alias was empty.</summary>
    public RenameWindow? RenameWindow { get; set; }
    public string? NewFingerprint { get; set; }
    /// <summary>The certificate the tenant handed over: what the sender administrator received by mail, in real life.</summary>
    public string? NewCertificatePem { get; set; }
    public DateTimeOffset? ExchangedAt { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public DateTimeOffset? ResumedAt { get; set; }
    public long? SentAtPause { get; set; }
    public bool DowntimeWatched { get; set; }
    public long? SentAtResume { get; set; }
    public HistoryInfo? Retired { get; set; }
    /// <summary>The sender profile the procedure runs against (docs/DESIGN.md §13); null for a sender without one (strict).</summary>
    public ProfileView? SenderProfile { get; set; }
    /// <summary>When the last step that changes the sender's trust finished: a cached trust store applies it a lifetime later.</summary>
    public DateTimeOffset? TrustChangedAt { get; set; }
    /// <summary>The expiry scenario: when the short-lived renewal certificate expires.</summary>
    public DateTimeOffset? ShortLivedUntil { get; set; }

    /// <summary>--case verify-request: the renewal of the sender's key (docs/DESIGN.md §10); null in the sign-response case.</summary>
    public SenderRenewal? SenderKey { get; set; }

    /// <summary>The exchange followed onto every node, started when the tenant acknowledged it.</summary>
    public Task<Deployment>? Deployment { get; set; }

    /// <summary>
    /// Waits until every node serves the tenant's latest change, as a careful tenant administrator does before telling
    /// the partner anything: behind a load balancer, the next call may reach any node.
    /// </summary>
    public async Task<Deployment> AllDeployedAsync(CancellationToken ct)
    {
        var deployment = await DeploymentWatch.FollowAsync(tenant, time.GetUtcNow(), settings.DeployTimeout, time, ct);
        if (!deployment.Complete)
            throw new StepCheckFailed($"not every tenant node deployed generation {deployment.Generation} within {settings.DeployTimeout.TotalSeconds:0.#} s: {deployment.Describe()}");
        return deployment;
    }

    /// <summary>
    /// The tenant's own admin API, for what only it offers here: importing a CA's signing response (--ca test is refused
    /// with --tenant-api cpi before anything starts).
    /// </summary>
    public TenantAdmin AdminApi => AdminApiOf(tenant);

    public static TenantAdmin AdminApiOf(ITenantAdministration tenant) =>
        (tenant as AdminApiTenant)?.Admin ?? throw new StepCheckFailed("the test CA path needs the tenant's own admin API (--tenant-api admin)");

    /// <summary>With --ca test: the CA the sender trusts (docs/DESIGN.md §12).</summary>
    public Rotation.Shared.Certificates.TestCertificateAuthority? Ca { get; init; }

    /// <summary>The CA that signs the new key pair: <see cref="Ca"/>, or in the other-ca mistake another one.</summary>
    public Rotation.Shared.Certificates.TestCertificateAuthority? Issuing { get; init; }

    /// <summary>The sender's trust store revision when the procedure began: with CA trust it must not change.</summary>
    public long TrustRevisionAtStart { get; init; }

    /// <summary>Signed responses kept as they came off the wire, by name (old-key, new-key, rejected).</summary>
    public ConcurrentDictionary<string, SampleResponse> Samples { get; } = new();

    public string Short(string? fingerprint) => FingerprintText.Short(fingerprint);

    /// <summary>Keeps a response under a name (the first one wins), with the verdict the sender gives it now.</summary>
    public async Task<SampleResponse> KeepSampleAsync(string name, string description, byte[] response, CancellationToken ct) =>
        await KeepSampleIfAsync(name, description, response, _ => true, ct) ?? Samples[name];

    /// <summary>Keeps a response under a name only when the sender's verdict is the one wanted (a rejected sample must be rejected).</summary>
    public async Task<SampleResponse?> KeepSampleIfAsync(string name, string description, byte[] response, Func<SampleResponse, bool> wanted, CancellationToken ct)
    {
        if (Samples.TryGetValue(name, out var kept)) return kept;
        var verdict = await sender.VerifyAsync(response, ct);
        var sample = new SampleResponse(name, description, time.GetUtcNow(), verdict.IsValid, verdict.Reason.ToString(), verdict.Message, verdict.Fingerprint) { Xml = response };
        return wanted(sample) ? Samples.GetOrAdd(name, sample) : null;
    }
}
