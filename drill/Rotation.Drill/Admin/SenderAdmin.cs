using System.Net.Http.Json;
using System.Text;

namespace Rotation.Drill.Admin;

/// <summary>What the sender administrator does, over the sender-client admin API.</summary>
public sealed class SenderAdmin(Uri baseAddress, string token) : AdminClient(baseAddress, token, "sender", "--sender-token or ROTATION_SENDER_TOKEN")
{
    public Task<TrustInfo> TrustAsync(CancellationToken ct) => GetAsync<TrustInfo>("admin/trust", ct);

    public async Task<TrustInfo> SetModeAsync(string mode, CancellationToken ct) =>
        (await SendAsync<TrustChangeInfo>(HttpMethod.Put, "admin/trust/mode", new { mode }, ct)).Trust;

    public async Task<TrustInfo> AddAsync(string pem, CancellationToken ct) =>
        (await SendAsync<TrustChangeInfo>(HttpMethod.Post, "admin/trust/certificates", new { pem }, ct)).Trust;

    public async Task<TrustInfo> RemoveAsync(string fingerprint, CancellationToken ct) =>
        (await SendAsync<TrustChangeInfo>(HttpMethod.Delete, $"admin/trust/certificates/{fingerprint}", null, ct)).Trust;

    public async Task<TrustInfo> ExchangeAsync(string pem, CancellationToken ct) =>
        (await SendAsync<TrustChangeInfo>(HttpMethod.Post, "admin/trust/exchange", new { pem }, ct)).Trust;

    /// <summary>Trusts a CA (docs/DESIGN.md §12).</summary>
    public async Task<TrustInfo> AddAuthorityAsync(string pem, CancellationToken ct) =>
        (await SendAsync<TrustChangeInfo>(HttpMethod.Post, "admin/trust/authorities", new { pem }, ct)).Trust;

    public async Task<TrustInfo> RemoveAuthorityAsync(string fingerprint, CancellationToken ct) =>
        (await SendAsync<TrustChangeInfo>(HttpMethod.Delete, $"admin/trust/authorities/{fingerprint}", null, ct)).Trust;

    /// <summary>Days to expiry of every trusted certificate, soonest first (docs/DESIGN.md §13).</summary>
    public Task<TrustExpiryListInfo> TrustExpiryAsync(CancellationToken ct) => GetAsync<TrustExpiryListInfo>("admin/trust/expiry", ct);

    /// <summary>The sender profile in force (docs/DESIGN.md §13).</summary>
    public Task<ProfileInfo> ProfileAsync(CancellationToken ct) => GetAsync<ProfileInfo>("admin/profile", ct);

    public Task<ProfileInfo> SetProfileAsync(string profile, CancellationToken ct) => SendAsync<ProfileInfo>(HttpMethod.Put, "admin/profile", new { profile }, ct);

    public Task<ProbeInfo> ProbeAsync(int count, CancellationToken ct) =>
        SendAsync<ProbeInfo>(HttpMethod.Post, "admin/probe", new { count, concurrency = Math.Min(count, 4) }, ct);

    /// <summary>Asks the sender to verify one captured response with its trust store, as it would a live one.</summary>
    public async Task<VerifyInfo> VerifyAsync(byte[] response, CancellationToken ct)
    {
        using var content = new ByteArrayContent(response);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml") { CharSet = Encoding.UTF8.WebName };
        using var answer = await Http.PostAsync("admin/verify", content, ct);
        await EnsureSuccessAsync(answer, "POST admin/verify", ct);
        return (await answer.Content.ReadFromJsonAsync<VerifyInfo>(Json, ct))!;
    }

    public Task<TrafficInfo> StartTrafficAsync(double rate, int concurrency, CancellationToken ct) =>
        SendAsync<TrafficInfo>(HttpMethod.Post, "admin/traffic/start", new { rate, concurrency }, ct);

    public Task<TrafficInfo> StopTrafficAsync(CancellationToken ct) => SendAsync<TrafficInfo>(HttpMethod.Post, "admin/traffic/stop", null, ct);

    public Task<TrafficInfo> TrafficAsync(CancellationToken ct) => GetAsync<TrafficInfo>("admin/traffic", ct);

    public Task<PauseInfo> PauseAsync(CancellationToken ct) => SendAsync<PauseInfo>(HttpMethod.Post, "admin/traffic/pause", null, ct);

    public Task<TrafficInfo> ResumeAsync(CancellationToken ct) => SendAsync<TrafficInfo>(HttpMethod.Post, "admin/traffic/resume", null, ct);

    public Task<StatisticsInfo> StatisticsAsync(CancellationToken ct) => GetAsync<StatisticsInfo>("admin/statistics?seconds=3600", ct);

    /// <summary>Only the last few seconds of the series: what the live progress line needs, once a second.</summary>
    public Task<StatisticsInfo> RecentStatisticsAsync(int seconds, CancellationToken ct) => GetAsync<StatisticsInfo>($"admin/statistics?seconds={seconds}", ct);

    public async Task ResetStatisticsAsync(CancellationToken ct)
    {
        using var response = await Http.PostAsync("admin/statistics/reset", null, ct);
        await EnsureSuccessAsync(response, "POST admin/statistics/reset", ct);
    }

    // The sender's own keystore (docs/DESIGN.md §10): its key pairs, request signing, the key history.

    public Task<SenderKeystoreInfo> KeystoreAsync(CancellationToken ct) => GetAsync<SenderKeystoreInfo>("admin/keystore", ct);

    public async Task<SenderKeyPairInfo> CreateKeyPairAsync(string alias, string keyAlgorithm, string subject, CancellationToken ct) =>
        (await SendAsync<SenderKeystoreChangeInfo>(HttpMethod.Post, "admin/keystore/keypairs", new { alias, keyAlgorithm, subject }, ct)).KeyPair!;

    /// <summary>The key pair's certificate, PEM: what the sender administrator hands to the tenant administrator.</summary>
    public Task<string> KeyPairCertificatePemAsync(string alias, CancellationToken ct) =>
        GetTextAsync($"admin/keystore/keypairs/{Uri.EscapeDataString(alias)}/certificate", ct);

    /// <summary>Exchange keeping the alias: the key pair under <paramref name="from"/> takes <paramref name="alias"/>; the replaced one goes to the key history.</summary>
    public Task<SenderKeystoreChangeInfo> ExchangeKeyPairAsync(string alias, string from, CancellationToken ct) =>
        SendAsync<SenderKeystoreChangeInfo>(HttpMethod.Post, $"admin/keystore/keypairs/{Uri.EscapeDataString(alias)}/exchange", new { from }, ct);

    public async Task<SenderKeystoreInfo> SetRequestSigningAsync(bool enabled, string keyReference, CancellationToken ct) =>
        (await SendAsync<SenderKeystoreChangeInfo>(HttpMethod.Put, "admin/keystore/signing", new { enabled, keyReference }, ct)).Keystore;

    public Task<SenderRetiredKeyInfo[]> KeyHistoryAsync(CancellationToken ct) => GetAsync<SenderRetiredKeyInfo[]>("admin/keystore/history", ct);
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
