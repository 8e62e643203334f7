using System.Collections.Concurrent;
using Rotation.Drill.Admin;
using Rotation.Drill.Report;
using Rotation.Drill.Running;

namespace Rotation.Drill.Procedures;

/// <summary>What the two administrators know and hand each other as the procedure goes.</summary>
public sealed class DrillContext(TenantAdmin tenant, SenderAdmin sender, Uri tenantEndpoint, DrillSettings settings, TimeProvider time)
{
    public TenantAdmin Tenant => tenant;
    public SenderAdmin Sender => sender;
    public Uri TenantEndpoint => tenantEndpoint;
    public DrillSettings Settings => settings;
    public TimeProvider Time => time;

    public required string Alias { get; init; }
    public required string OldFingerprint { get; init; }
    public required string OldSubject { get; init; }
    public required string KeyAlgorithm { get; init; }
    public required int KeySize { get; init; }
    /// <summary>The certificate the tenant signed with when the procedure began, as the sender administrator holds it.</summary>
    public required string OldCertificatePem { get; init; }
    public required SignerStepInfo Signer { get; init; }

    public string? NewAlias { get; set; }
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
    public ProfileInfo? SenderProfile { get; set; }
    /// <summary>When the last step that changes the sender's trust finished: a cached trust store applies it a lifetime later.</summary>
    public DateTimeOffset? TrustChangedAt { get; set; }
    /// <summary>The expiry scenario: when the short-lived renewal certificate expires.</summary>
    public DateTimeOffset? ShortLivedUntil { get; set; }

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
        var sample = new SampleResponse(name, description, time.GetUtcNow(), verdict.IsValid, verdict.Reason, verdict.Message, verdict.Fingerprint) { Xml = response };
        return wanted(sample) ? Samples.GetOrAdd(name, sample) : null;
    }
}
