using System.Net.Http.Headers;
using System.Text;
using Rotation.Shared.Admin;

namespace Rotation.Sender.Contracts;

/// <summary>
/// The sender admin API, typed: each call answers its view or the problem the sender refused it with (docs/DESIGN.md §7b).
/// Only what a consumer of the API calls is here; the rest is reached through <see cref="SenderRoutes"/>.
/// </summary>
public sealed class SenderAdminClient(HttpClient http, string token) : AdminApiClient(http, token)
{
    public Task<AdminAnswer<TrustStoreView>> TrustAsync(CancellationToken ct) => GetAsync<TrustStoreView>(SenderRoutes.Trust, ct);

    public Task<AdminAnswer<TrustChangeView>> SetModeAsync(TrustMode mode, CancellationToken ct) =>
        SendAsync<TrustChangeView>(HttpMethod.Put, SenderRoutes.TrustMode, new ModeBody(mode), ct);

    public Task<AdminAnswer<TrustChangeView>> AddCertificateAsync(string pem, CancellationToken ct) =>
        SendAsync<TrustChangeView>(HttpMethod.Post, SenderRoutes.TrustCertificates, new CertificateBody(pem), ct);

    public Task<AdminAnswer<TrustChangeView>> RemoveCertificateAsync(string fingerprint, CancellationToken ct) =>
        SendAsync<TrustChangeView>(HttpMethod.Delete, SenderRoutes.TrustCertificate(fingerprint), null, ct);

    /// <summary>Single mode's renewal step: the one trusted certificate replaced by <paramref name="pem"/> in one change.</summary>
    public Task<AdminAnswer<TrustChangeView>> ExchangeCertificateAsync(string pem, CancellationToken ct) =>
        SendAsync<TrustChangeView>(HttpMethod.Post, SenderRoutes.TrustExchange, new CertificateBody(pem), ct);

    public Task<AdminAnswer<TrustChangeView>> AddAuthorityAsync(string pem, CancellationToken ct) =>
        SendAsync<TrustChangeView>(HttpMethod.Post, SenderRoutes.TrustAuthorities, new CertificateBody(pem), ct);

    public Task<AdminAnswer<TrustChangeView>> RemoveAuthorityAsync(string fingerprint, CancellationToken ct) =>
        SendAsync<TrustChangeView>(HttpMethod.Delete, SenderRoutes.TrustAuthority(fingerprint), null, ct);

    public Task<AdminAnswer<ExpiryView>> TrustExpiryAsync(CancellationToken ct) => GetAsync<ExpiryView>(SenderRoutes.TrustExpiry, ct);

    public Task<AdminAnswer<ProfileView>> ProfileAsync(CancellationToken ct) => GetAsync<ProfileView>(SenderRoutes.Profile, ct);

    public Task<AdminAnswer<ProfileView>> SetProfileAsync(string profile, CancellationToken ct) =>
        SendAsync<ProfileView>(HttpMethod.Put, SenderRoutes.Profile, new ProfileBody(profile), ct);

    /// <summary>Verifies one captured response (the raw envelope) with the sender's trust in effect.</summary>
    public Task<AdminAnswer<VerifyView>> VerifyAsync(byte[] response, CancellationToken ct)
    {
        var content = new ByteArrayContent(response);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = Encoding.UTF8.WebName };
        return PostAsync<VerifyView>(SenderRoutes.Verify, content, ct);
    }

    public Task<AdminAnswer<TrafficStatus>> TrafficAsync(CancellationToken ct) => GetAsync<TrafficStatus>(SenderRoutes.Traffic, ct);

    public Task<AdminAnswer<TrafficStatus>> StartTrafficAsync(StartBody body, CancellationToken ct) =>
        SendAsync<TrafficStatus>(HttpMethod.Post, SenderRoutes.TrafficStart, body, ct);

    public Task<AdminAnswer<TrafficStatus>> StopTrafficAsync(CancellationToken ct) => SendAsync<TrafficStatus>(HttpMethod.Post, SenderRoutes.TrafficStop, null, ct);

    /// <summary>Answers once nothing is in flight.</summary>
    public Task<AdminAnswer<PauseView>> PauseTrafficAsync(CancellationToken ct) => SendAsync<PauseView>(HttpMethod.Post, SenderRoutes.TrafficPause, null, ct);

    public Task<AdminAnswer<TrafficStatus>> ResumeTrafficAsync(CancellationToken ct) => SendAsync<TrafficStatus>(HttpMethod.Post, SenderRoutes.TrafficResume, null, ct);

    /// <summary>Sends <see cref="ProbeBody.Count"/> requests now, outside the traffic run, even while it is paused.</summary>
    public Task<AdminAnswer<ProbeReport>> ProbeAsync(ProbeBody body, CancellationToken ct) => SendAsync<ProbeReport>(HttpMethod.Post, SenderRoutes.Probe, body, ct);

    /// <summary>The totals and only the last <paramref name="seconds"/> seconds of the per-second series.</summary>
    public Task<AdminAnswer<StatisticsView>> StatisticsAsync(int seconds, CancellationToken ct) => GetAsync<StatisticsView>(SenderRoutes.StatisticsOf(seconds), ct);

    public Task<AdminAnswer<NoBody>> ResetStatisticsAsync(CancellationToken ct) => SendAsync(HttpMethod.Post, SenderRoutes.StatisticsReset, ct);

    public Task<AdminAnswer<KeystoreView>> KeystoreAsync(CancellationToken ct) => GetAsync<KeystoreView>(SenderRoutes.Keystore, ct);

    public Task<AdminAnswer<KeystoreChangeView>> CreateKeyPairAsync(KeyPairBody body, CancellationToken ct) =>
        SendAsync<KeystoreChangeView>(HttpMethod.Post, SenderRoutes.KeyPairs, body, ct);

    /// <summary>The key pair's certificate, PEM (never the private key).</summary>
    public Task<AdminAnswer<string>> KeyPairCertificatePemAsync(string alias, CancellationToken ct) => GetTextAsync(SenderRoutes.KeyPairCertificate(alias), ct);

    /// <summary>The key pair under <see cref="KeyPairExchangeBody.From"/> takes <paramref name="alias"/>; the one it replaces goes to the key history.</summary>
    public Task<AdminAnswer<KeystoreChangeView>> ExchangeKeyPairAsync(string alias, KeyPairExchangeBody body, CancellationToken ct) =>
        SendAsync<KeystoreChangeView>(HttpMethod.Post, SenderRoutes.KeyPairExchange(alias), body, ct);

    public Task<AdminAnswer<KeystoreChangeView>> SetSigningAsync(SigningBody body, CancellationToken ct) =>
        SendAsync<KeystoreChangeView>(HttpMethod.Put, SenderRoutes.KeystoreSigning, body, ct);

    public Task<AdminAnswer<IReadOnlyList<RetiredView>>> KeyHistoryAsync(CancellationToken ct) => GetAsync<IReadOnlyList<RetiredView>>(SenderRoutes.KeystoreHistory, ct);
}
