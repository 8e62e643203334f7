using Rotation.Sender.Contracts;
using Rotation.Shared.Admin;
using Rotation.Shared.WsSecurity;

namespace Rotation.Drill.Admin;

/// <summary>
/// What the sender administrator does, over the sender-client admin API: its routes, request bodies and answers are
/// the sender's contracts (Rotation.Sender.Contracts), which the drill's report and its as-found restore keep.
/// </summary>
public sealed class SenderAdmin : AdminClient
{
    public SenderAdmin(Uri baseAddress, string token) : base(baseAddress, "sender", "--sender-token or ROTATION_SENDER_TOKEN") =>
        Api = new SenderAdminClient(Http, token);

    /// <summary>The typed client, for calls the drill's steps do not name here.</summary>
    public SenderAdminClient Api { get; }

    public Task<TrustStoreView> TrustAsync(CancellationToken ct) => ExpectAsync(Api.TrustAsync(ct));

    public Task<TrustStoreView> SetModeAsync(TrustMode mode, CancellationToken ct) => TrustChangeAsync(Api.SetModeAsync(mode, ct));

    public Task<TrustStoreView> AddAsync(string pem, CancellationToken ct) => TrustChangeAsync(Api.AddCertificateAsync(pem, ct));

    public Task<TrustStoreView> RemoveAsync(string fingerprint, CancellationToken ct) => TrustChangeAsync(Api.RemoveCertificateAsync(fingerprint, ct));

    public Task<TrustStoreView> ExchangeAsync(string pem, CancellationToken ct) => TrustChangeAsync(Api.ExchangeCertificateAsync(pem, ct));

    /// <summary>Trusts a CA (docs/DESIGN.md §12).</summary>
    public Task<TrustStoreView> AddAuthorityAsync(string pem, CancellationToken ct) => TrustChangeAsync(Api.AddAuthorityAsync(pem, ct));

    public Task<TrustStoreView> RemoveAuthorityAsync(string fingerprint, CancellationToken ct) => TrustChangeAsync(Api.RemoveAuthorityAsync(fingerprint, ct));

    /// <summary>Days to expiry of every trusted certificate, soonest first (docs/DESIGN.md §13).</summary>
    public Task<ExpiryView> TrustExpiryAsync(CancellationToken ct) => ExpectAsync(Api.TrustExpiryAsync(ct));

    /// <summary>The sender profile in force (docs/DESIGN.md §13): for cached-trust, the trust revision the verifier uses next to the store's.</summary>
    public Task<ProfileView> ProfileAsync(CancellationToken ct) => ExpectAsync(Api.ProfileAsync(ct));

    public Task<ProfileView> SetProfileAsync(string profile, CancellationToken ct) => ExpectAsync(Api.SetProfileAsync(profile, ct));

    public Task<ProbeReport> ProbeAsync(int count, CancellationToken ct) =>
        ExpectAsync(Api.ProbeAsync(new ProbeBody(count, Math.Min(count, 4)), ct));

    /// <summary>Asks the sender to verify one captured response with its trust store, as it would a live one.</summary>
    public Task<VerifyView> VerifyAsync(byte[] response, CancellationToken ct) => ExpectAsync(Api.VerifyAsync(response, ct));

    public Task<TrafficStatus> StartTrafficAsync(double rate, int concurrency, CancellationToken ct) =>
        ExpectAsync(Api.StartTrafficAsync(new StartBody(rate, concurrency, null, null), ct));

    public Task<TrafficStatus> StopTrafficAsync(CancellationToken ct) => ExpectAsync(Api.StopTrafficAsync(ct));

    public Task<TrafficStatus> TrafficAsync(CancellationToken ct) => ExpectAsync(Api.TrafficAsync(ct));

    public Task<PauseView> PauseAsync(CancellationToken ct) => ExpectAsync(Api.PauseTrafficAsync(ct));

    public Task<TrafficStatus> ResumeAsync(CancellationToken ct) => ExpectAsync(Api.ResumeTrafficAsync(ct));

    public Task<StatisticsView> StatisticsAsync(CancellationToken ct) => RecentStatisticsAsync(3600, ct);

    /// <summary>Only the last few seconds of the series: what the live progress line needs, once a second.</summary>
    public async Task<StatisticsView> RecentStatisticsAsync(int seconds, CancellationToken ct) =>
        WithoutMissingLists(await ExpectAsync(Api.StatisticsAsync(seconds, ct)));

    /// <summary>
    /// A sender older than the failure list and the rejections by node omits them, and System.Text.Json then leaves them
    /// null whatever the contract says: the drill reads them as none.
    /// </summary>
    private static StatisticsView WithoutMissingLists(StatisticsView view)
    {
        var traffic = view.Traffic;
        if (traffic.Errors is not null && traffic.Totals.RejectedByNode is not null) return view;
        return view with
        {
            Traffic = traffic with { Errors = traffic.Errors ?? [], Totals = traffic.Totals with { RejectedByNode = traffic.Totals.RejectedByNode ?? [] } },
        };
    }

    public Task ResetStatisticsAsync(CancellationToken ct) => ExpectAsync(Api.ResetStatisticsAsync(ct));

    private async Task<TrustStoreView> TrustChangeAsync(Task<AdminAnswer<TrustChangeView>> change) => (await ExpectAsync(change)).Trust;

    // The sender's own keystore (docs/DESIGN.md §10): its key pairs, request signing, the key history.

    public Task<KeystoreView> KeystoreAsync(CancellationToken ct) => ExpectAsync(Api.KeystoreAsync(ct));

    public async Task<KeyPairView> CreateKeyPairAsync(string alias, string keyAlgorithm, string subject, CancellationToken ct) =>
        (await ExpectAsync(Api.CreateKeyPairAsync(new KeyPairBody(alias, keyAlgorithm, subject, null), ct))).KeyPair
        ?? throw new AdminCallFailed($"sender: creating the key pair '{alias}' answered no key pair");

    /// <summary>The key pair's certificate, PEM: what the sender administrator hands to the tenant administrator.</summary>
    public Task<string> KeyPairCertificatePemAsync(string alias, CancellationToken ct) => ExpectAsync(Api.KeyPairCertificatePemAsync(alias, ct));

    /// <summary>Exchange keeping the alias: the key pair under <paramref name="from"/> takes <paramref name="alias"/>; the replaced one goes to the key history.</summary>
    public Task<KeystoreChangeView> ExchangeKeyPairAsync(string alias, string from, CancellationToken ct) =>
        ExpectAsync(Api.ExchangeKeyPairAsync(alias, new KeyPairExchangeBody(from), ct));

    /// <summary>The body names the reference as the sender reads it: its enum name, which the sender's parser accepts case-insensitively.</summary>
    public async Task<KeystoreView> SetRequestSigningAsync(bool enabled, KeyReference keyReference, CancellationToken ct) =>
        (await ExpectAsync(Api.SetSigningAsync(new SigningBody(enabled, keyReference.ToString()), ct))).Keystore;
}
