using System.Net.Http.Json;
using System.Text;

namespace Rotation.Drill.Admin;

/// <summary>What the sender administrator does, over the sender-client admin API.</summary>
public sealed class SenderAdmin(Uri baseAddress, string token) : AdminClient(baseAddress, token, "sender")
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

    public Task<ProbeInfo> ProbeAsync(int count, CancellationToken ct) =>
        SendAsync<ProbeInfo>(HttpMethod.Post, "admin/probe", new { count, concurrency = Math.Min(count, 4) }, ct);

    /// <summary>Asks the sender to verify one captured response with its trust store, as it would a live one.</summary>
    public async Task<VerifyInfo> VerifyAsync(byte[] response, CancellationToken ct)
    {
        using var content = new ByteArrayContent(response);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml") { CharSet = Encoding.UTF8.WebName };
        using var answer = await Http.PostAsync("admin/verify", content, ct);
        if (!answer.IsSuccessStatusCode) throw new AdminCallFailed($"sender: POST admin/verify failed with {(int)answer.StatusCode}");
        return (await answer.Content.ReadFromJsonAsync<VerifyInfo>(Json, ct))!;
    }

    public Task<TrafficInfo> StartTrafficAsync(double rate, int concurrency, CancellationToken ct) =>
        SendAsync<TrafficInfo>(HttpMethod.Post, "admin/traffic/start", new { rate, concurrency }, ct);

    public Task<TrafficInfo> StopTrafficAsync(CancellationToken ct) => SendAsync<TrafficInfo>(HttpMethod.Post, "admin/traffic/stop", null, ct);

    public Task<TrafficInfo> TrafficAsync(CancellationToken ct) => GetAsync<TrafficInfo>("admin/traffic", ct);

    public Task<PauseInfo> PauseAsync(CancellationToken ct) => SendAsync<PauseInfo>(HttpMethod.Post, "admin/traffic/pause", null, ct);

    public Task<TrafficInfo> ResumeAsync(CancellationToken ct) => SendAsync<TrafficInfo>(HttpMethod.Post, "admin/traffic/resume", null, ct);

    public Task<StatisticsInfo> StatisticsAsync(CancellationToken ct) => GetAsync<StatisticsInfo>("admin/statistics?seconds=3600", ct);

    public async Task ResetStatisticsAsync(CancellationToken ct)
    {
        using var response = await Http.PostAsync("admin/statistics/reset", null, ct);
        if (!response.IsSuccessStatusCode) throw new AdminCallFailed($"sender: statistics reset failed with {(int)response.StatusCode}");
    }
}

public sealed record TrustCertificateInfo(string Fingerprint, string Subject, long Verified);
public sealed record TrustInfo(string Mode, long Revision, IReadOnlyList<TrustCertificateInfo> Certificates)
{
    public bool Holds(string fingerprint) => Certificates.Any(c => c.Fingerprint == fingerprint);
    public string Describe() => $"{Mode}: " + string.Join(", ", Certificates.Select(c => $"{c.Subject} ({c.Fingerprint[..12]}…)"));
}
public sealed record TrustChangeInfo(string Message, TrustInfo Trust);
public sealed record ProbeInfo(int Count, int Verified, int Rejected, int SoapFaults, int TransportErrors,
    IReadOnlyDictionary<string, int> VerifiedBy, IReadOnlyDictionary<string, int> RejectedByReason);
public sealed record VerifyInfo(bool IsValid, string Reason, string Message, string? Fingerprint);
public sealed record TrafficInfo(string State, bool Paused, double Rate, int Concurrency, int InFlight, long SentThisRun);
public sealed record PauseInfo(int InFlightAtPause, TrafficInfo Status);
public sealed record TotalsInfo(long Requests, long Verified, long Rejected, long SoapFaults, long TransportErrors, IReadOnlyDictionary<string, long> RejectedByReason)
{
    public long Failed => Rejected + SoapFaults + TransportErrors;
}
public sealed record FingerprintInfo(string Fingerprint, long Verified, DateTimeOffset FirstVerifiedAt, DateTimeOffset LastVerifiedAt);
public sealed record SecondInfo(DateTimeOffset Second, long Requests, long Verified, IReadOnlyDictionary<string, long> VerifiedBy,
    long Rejected, long SoapFaults, long TransportErrors, bool Paused);
public sealed record TrafficStatisticsInfo(DateTimeOffset At, DateTimeOffset? StartedAt, TotalsInfo Totals, IReadOnlyList<FingerprintInfo> ByFingerprint, IReadOnlyList<SecondInfo> Series);
public sealed record StatisticsInfo(TrafficStatisticsInfo Traffic, TrafficInfo Status);
