using Rotation.Sender.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>
/// What the sender administrator does, over the sender-client admin API: its routes and request bodies are the
/// sender's contracts (Rotation.Sender.Contracts); the answers are read as the drill's own records, which its report
/// and its as-found restore keep.
/// </summary>
public sealed class SenderAdmin : AdminClient
{
    public SenderAdmin(Uri baseAddress, string token) : base(baseAddress, "sender", "--sender-token or ROTATION_SENDER_TOKEN") =>
        Api = new SenderAdminClient(Http, token);

    /// <summary>The typed client, for calls the drill's steps do not name here.</summary>
    public SenderAdminClient Api { get; }

    public Task<TrustInfo> TrustAsync(CancellationToken ct) => ExpectAsync(Api.GetAsync<TrustInfo>(SenderRoutes.Trust, ct));

    /// <summary>single or overlap.</summary>
    public Task<TrustInfo> SetModeAsync(string mode, CancellationToken ct) =>
        TrustChangeAsync(HttpMethod.Put, SenderRoutes.TrustMode, new ModeBody(Enum.Parse<TrustMode>(mode, ignoreCase: true)), ct);

    public Task<TrustInfo> AddAsync(string pem, CancellationToken ct) => TrustChangeAsync(HttpMethod.Post, SenderRoutes.TrustCertificates, new CertificateBody(pem), ct);

    public Task<TrustInfo> RemoveAsync(string fingerprint, CancellationToken ct) => TrustChangeAsync(HttpMethod.Delete, SenderRoutes.TrustCertificate(fingerprint), null, ct);

    public Task<TrustInfo> ExchangeAsync(string pem, CancellationToken ct) => TrustChangeAsync(HttpMethod.Post, SenderRoutes.TrustExchange, new CertificateBody(pem), ct);

    /// <summary>Trusts a CA (docs/DESIGN.md §12).</summary>
    public Task<TrustInfo> AddAuthorityAsync(string pem, CancellationToken ct) => TrustChangeAsync(HttpMethod.Post, SenderRoutes.TrustAuthorities, new CertificateBody(pem), ct);

    public Task<TrustInfo> RemoveAuthorityAsync(string fingerprint, CancellationToken ct) => TrustChangeAsync(HttpMethod.Delete, SenderRoutes.TrustAuthority(fingerprint), null, ct);

    /// <summary>Days to expiry of every trusted certificate, soonest first (docs/DESIGN.md §13).</summary>
    public Task<ExpiryView> TrustExpiryAsync(CancellationToken ct) => ExpectAsync(Api.TrustExpiryAsync(ct));

    /// <summary>The sender profile in force (docs/DESIGN.md §13).</summary>
    public Task<ProfileInfo> ProfileAsync(CancellationToken ct) => ExpectAsync(Api.GetAsync<ProfileInfo>(SenderRoutes.Profile, ct));

    public Task<ProfileInfo> SetProfileAsync(string profile, CancellationToken ct) =>
        ExpectAsync(Api.SendAsync<ProfileInfo>(HttpMethod.Put, SenderRoutes.Profile, new ProfileBody(profile), ct));

    public Task<ProbeInfo> ProbeAsync(int count, CancellationToken ct) =>
        ExpectAsync(Api.SendAsync<ProbeInfo>(HttpMethod.Post, SenderRoutes.Probe, new ProbeBody(count, Math.Min(count, 4)), ct));

    /// <summary>Asks the sender to verify one captured response with its trust store, as it would a live one.</summary>
    public async Task<VerifyInfo> VerifyAsync(byte[] response, CancellationToken ct)
    {
        var verdict = await ExpectAsync(Api.VerifyAsync(response, ct));
        return new VerifyInfo(verdict.IsValid, verdict.Reason.ToString(), verdict.Message, verdict.Fingerprint);
    }

    public Task<TrafficInfo> StartTrafficAsync(double rate, int concurrency, CancellationToken ct) =>
        ExpectAsync(Api.SendAsync<TrafficInfo>(HttpMethod.Post, SenderRoutes.TrafficStart, new StartBody(rate, concurrency, null, null), ct));

    public Task<TrafficInfo> StopTrafficAsync(CancellationToken ct) => ExpectAsync(Api.SendAsync<TrafficInfo>(HttpMethod.Post, SenderRoutes.TrafficStop, null, ct));

    public Task<TrafficInfo> TrafficAsync(CancellationToken ct) => ExpectAsync(Api.GetAsync<TrafficInfo>(SenderRoutes.Traffic, ct));

    public Task<PauseInfo> PauseAsync(CancellationToken ct) => ExpectAsync(Api.SendAsync<PauseInfo>(HttpMethod.Post, SenderRoutes.TrafficPause, null, ct));

    public Task<TrafficInfo> ResumeAsync(CancellationToken ct) => ExpectAsync(Api.SendAsync<TrafficInfo>(HttpMethod.Post, SenderRoutes.TrafficResume, null, ct));

    public Task<StatisticsInfo> StatisticsAsync(CancellationToken ct) => RecentStatisticsAsync(3600, ct);

    /// <summary>Only the last few seconds of the series: what the live progress line needs, once a second.</summary>
    public Task<StatisticsInfo> RecentStatisticsAsync(int seconds, CancellationToken ct) =>
        ExpectAsync(Api.GetAsync<StatisticsInfo>(SenderRoutes.StatisticsOf(seconds), ct));

    public Task ResetStatisticsAsync(CancellationToken ct) => ExpectAsync(Api.SendAsync(HttpMethod.Post, SenderRoutes.StatisticsReset, ct));

    private async Task<TrustInfo> TrustChangeAsync(HttpMethod method, string path, object? body, CancellationToken ct) =>
        (await ExpectAsync(Api.SendAsync<TrustChangeInfo>(method, path, body, ct))).Trust;

    // The sender's own keystore (docs/DESIGN.md §10): its key pairs, request signing, the key history.

    public Task<SenderKeystoreInfo> KeystoreAsync(CancellationToken ct) => ExpectAsync(Api.GetAsync<SenderKeystoreInfo>("admin/keystore", ct));

    public async Task<SenderKeyPairInfo> CreateKeyPairAsync(string alias, string keyAlgorithm, string subject, CancellationToken ct) =>
        (await ExpectAsync(Api.SendAsync<SenderKeystoreChangeInfo>(HttpMethod.Post, "admin/keystore/keypairs", new { alias, keyAlgorithm, subject }, ct))).KeyPair!;

    /// <summary>The key pair's certificate, PEM: what the sender administrator hands to the tenant administrator.</summary>
    public Task<string> KeyPairCertificatePemAsync(string alias, CancellationToken ct) =>
        ExpectAsync(Api.GetTextAsync($"admin/keystore/keypairs/{Uri.EscapeDataString(alias)}/certificate", ct));

    /// <summary>Exchange keeping the alias: the key pair under <paramref name="from"/> takes <paramref name="alias"/>; the replaced one goes to the key history.</summary>
    public Task<SenderKeystoreChangeInfo> ExchangeKeyPairAsync(string alias, string from, CancellationToken ct) =>
        ExpectAsync(Api.SendAsync<SenderKeystoreChangeInfo>(HttpMethod.Post, $"admin/keystore/keypairs/{Uri.EscapeDataString(alias)}/exchange", new { from }, ct));

    public async Task<SenderKeystoreInfo> SetRequestSigningAsync(bool enabled, string keyReference, CancellationToken ct) =>
        (await ExpectAsync(Api.SendAsync<SenderKeystoreChangeInfo>(HttpMethod.Put, "admin/keystore/signing", new { enabled, keyReference }, ct))).Keystore;

    public Task<SenderRetiredKeyInfo[]> KeyHistoryAsync(CancellationToken ct) => ExpectAsync(Api.GetAsync<SenderRetiredKeyInfo[]>("admin/keystore/history", ct));
}

public sealed record TrustCertificateInfo(string Fingerprint, string Subject, long Verified, string Pem);
public sealed record TrustInfo(string Mode, long Revision, IReadOnlyList<TrustCertificateInfo> Certificates)
{
    /// <summary>pinned, ca or both (docs/DESIGN.md §12).</summary>
    public string Basis { get; init; } = "pinned";
    public IReadOnlyList<TrustCertificateInfo> Authorities { get; init; } = [];

    public bool Holds(string fingerprint) => Certificates.Any(c => c.Fingerprint == fingerprint);
    public bool HoldsAuthority(string fingerprint) => Authorities.Any(c => c.Fingerprint == fingerprint);

    public string Describe() => $"{Mode}: " + string.Join(", ", Certificates.Select(c => $"{c.Subject} ({Running.FingerprintText.Short(c.Fingerprint)})")
        .Concat(Authorities.Select(a => $"CA {a.Subject} ({Running.FingerprintText.Short(a.Fingerprint)})")));
}
public sealed record TrustChangeInfo(string Message, TrustInfo Trust);
public sealed record ProbeInfo(int Count, int Verified, int Rejected, int SoapFaults, int TransportErrors,
    IReadOnlyDictionary<string, int> VerifiedBy, IReadOnlyDictionary<string, int> RejectedByReason);
public sealed record VerifyInfo(bool IsValid, string Reason, string Message, string? Fingerprint);
public sealed record TrafficInfo(string State, bool Paused, double Rate, int Concurrency, int InFlight, long SentThisRun)
{
    /// <summary>A run exists (sending or paused): starting another would be refused.</summary>
    public bool Running => !string.Equals(State, "Idle", StringComparison.OrdinalIgnoreCase);
}
public sealed record PauseInfo(int InFlightAtPause, TrafficInfo Status);
public sealed record TotalsInfo(long Requests, long Verified, long Rejected, long SoapFaults, long TransportErrors, IReadOnlyDictionary<string, long> RejectedByReason,
    IReadOnlyList<NodeRejectionsInfo>? RejectedByNode = null)
{
    public long Failed => Rejected + SoapFaults + TransportErrors;
}
/// <summary>Rejections by the tenant node that answered (its X-Rotation-Node header) and reason.</summary>
public sealed record NodeRejectionsInfo(string Node, string Reason, long Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);
public sealed record FingerprintInfo(string Fingerprint, long Verified, DateTimeOffset FirstVerifiedAt, DateTimeOffset LastVerifiedAt);
public sealed record LatencyInfo(double P50, double P95, double P99);
public sealed record SecondInfo(DateTimeOffset Second, long Requests, long Verified, IReadOnlyDictionary<string, long> VerifiedBy,
    long Rejected, long SoapFaults, long TransportErrors, bool Paused, LatencyInfo? LatencyMs);
/// <summary>One kind of failure with the verifier's (or the transport's) own words the first time it happened.</summary>
public sealed record ErrorInfo(string Kind, string Code, string Message, long Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);
public sealed record TrafficStatisticsInfo(DateTimeOffset At, DateTimeOffset? StartedAt, TotalsInfo Totals, IReadOnlyList<FingerprintInfo> ByFingerprint,
    IReadOnlyList<SecondInfo> Series, IReadOnlyList<ErrorInfo>? Errors);
public sealed record StatisticsInfo(TrafficStatisticsInfo Traffic, TrafficInfo Status);
public sealed record SenderKeyPairInfo(string Alias, bool Signing, string Fingerprint, string Algorithm, string Subject, string Issuer, string SerialNumber,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset CreatedAt, string CertificatePem);
public sealed record SenderSigningInfo(bool Enabled, string KeyReference);
public sealed record SenderKeystoreInfo(long Revision, string SigningAlias, SenderSigningInfo Signing, IReadOnlyList<SenderKeyPairInfo> KeyPairs, int HistoryCount)
{
    public SenderKeyPairInfo? SigningKeyPair => KeyPairs.FirstOrDefault(k => k.Signing);
}
public sealed record SenderRetiredKeyInfo(string Id, string Alias, string Fingerprint, string Subject, DateTimeOffset CreatedAt, DateTimeOffset RetiredAt, DateTimeOffset PurgeableFrom);
public sealed record SenderKeystoreChangeInfo(string Message, SenderKeystoreInfo Keystore, SenderKeyPairInfo? KeyPair, SenderRetiredKeyInfo? Retired);
