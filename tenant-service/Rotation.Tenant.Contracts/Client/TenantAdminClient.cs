using Rotation.Shared.Admin;

namespace Rotation.Tenant.Contracts;

/// <summary>
/// The tenant admin API, typed: each call answers its view or the problem the tenant refused it with (docs/DESIGN.md §7b).
/// Only what a consumer of the API calls is here; the rest is reached through <see cref="TenantRoutes"/>.
/// </summary>
public sealed class TenantAdminClient(HttpClient http, string token) : AdminApiClient(http, token)
{
    public Task<AdminAnswer<EntryView[]>> EntriesAsync(CancellationToken ct) => GetAsync<EntryView[]>(TenantRoutes.Entries, ct);

    public Task<AdminAnswer<EntryView>> EntryAsync(string alias, CancellationToken ct) => GetAsync<EntryView>(TenantRoutes.Entry(alias), ct);

    public Task<AdminAnswer<EntryView>> CreateKeyPairAsync(CreateKeyPairBody body, CancellationToken ct) =>
        SendAsync<EntryView>(HttpMethod.Post, TenantRoutes.KeyPairs, body, ct);

    public Task<AdminAnswer<EntryView>> ImportKeyPairAsync(ImportKeyPairBody body, CancellationToken ct) =>
        SendAsync<EntryView>(HttpMethod.Post, TenantRoutes.KeyPairImport, body, ct);

    public Task<AdminAnswer<EntryView>> ImportCertificateAsync(ImportCertificateBody body, CancellationToken ct) =>
        SendAsync<EntryView>(HttpMethod.Post, TenantRoutes.Certificates, body, ct);

    /// <summary>The entry's certificate as PEM.</summary>
    public Task<AdminAnswer<string>> CertificatePemAsync(string alias, CancellationToken ct) => GetTextAsync(TenantRoutes.Certificate(alias, "pem"), ct);

    /// <summary>The key pair's PKCS#10 signing request, PEM.</summary>
    public Task<AdminAnswer<string>> CsrAsync(string alias, CancellationToken ct) => GetTextAsync(TenantRoutes.Csr(alias), ct);

    public Task<AdminAnswer<EntryView>> ImportChainAsync(string alias, ImportChainBody body, CancellationToken ct) =>
        SendAsync<EntryView>(HttpMethod.Put, TenantRoutes.Chain(alias), body, ct);

    public Task<AdminAnswer<EntryView>> RenameAsync(string alias, RenameBody body, CancellationToken ct) =>
        SendAsync<EntryView>(HttpMethod.Post, TenantRoutes.Rename(alias), body, ct);

    public Task<AdminAnswer<ExchangeView>> ExchangeAsync(string alias, ExchangeBody body, CancellationToken ct) =>
        SendAsync<ExchangeView>(HttpMethod.Post, TenantRoutes.Exchange(alias), body, ct);

    public Task<AdminAnswer<NoBody>> DeleteEntryAsync(string alias, CancellationToken ct) => SendAsync(HttpMethod.Delete, TenantRoutes.Entry(alias), ct);

    public Task<AdminAnswer<HistoryView[]>> HistoryAsync(string alias, CancellationToken ct) => GetAsync<HistoryView[]>(TenantRoutes.HistoryOf(alias), ct);

    public Task<AdminAnswer<SignerStepView>> SignerStepAsync(CancellationToken ct) => GetAsync<SignerStepView>(TenantRoutes.Signer, ct);

    public Task<AdminAnswer<SignerStepView>> SetSignerStepAsync(SignerStepBody body, CancellationToken ct) =>
        SendAsync<SignerStepView>(HttpMethod.Put, TenantRoutes.Signer, body, ct);

    public Task<AdminAnswer<FlowView>> FlowAsync(CancellationToken ct) => GetAsync<FlowView>(TenantRoutes.Flow, ct);

    public Task<AdminAnswer<FlowView>> SetFlowAsync(FlowView body, CancellationToken ct) => SendAsync<FlowView>(HttpMethod.Put, TenantRoutes.Flow, body, ct);

    public Task<AdminAnswer<InboundVerificationView>> InboundVerificationAsync(CancellationToken ct) => GetAsync<InboundVerificationView>(TenantRoutes.Inbound, ct);

    public Task<AdminAnswer<InboundVerificationView>> SetInboundVerificationAsync(InboundVerificationBody body, CancellationToken ct) =>
        SendAsync<InboundVerificationView>(HttpMethod.Put, TenantRoutes.Inbound, body, ct);

    public Task<AdminAnswer<DrainView>> WaitUntilDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken ct) =>
        SendAsync<DrainView>(HttpMethod.Post, TenantRoutes.WaitUntilDrained(fingerprint, timeout), null, ct);

    public Task<AdminAnswer<MessageCount[]>> CountsSignedWithAsync(string fingerprint, DateTimeOffset from, CancellationToken ct) =>
        GetAsync<MessageCount[]>(TenantRoutes.CountsSignedWith(fingerprint, from), ct);

    /// <summary>The nodes on the tenant's shared store; a tenant on its data directory answers 404 (it is one node).</summary>
    public Task<AdminAnswer<ClusterView>> ClusterAsync(CancellationToken ct) => GetAsync<ClusterView>(TenantRoutes.Cluster, ct);
}
