using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>What the tenant administrator does, over the tenant-service admin API (its contracts: Rotation.Tenant.Contracts).</summary>
public sealed class TenantAdmin : AdminClient
{
    public TenantAdmin(Uri baseAddress, string token) : base(baseAddress, "tenant", "--tenant-token or ROTATION_TENANT_TOKEN") =>
        Api = new TenantAdminClient(Http, token);

    /// <summary>The typed client, for calls the drill's steps do not name here.</summary>
    public TenantAdminClient Api { get; }

    public async Task<SignerStepInfo> SignerStepAsync(CancellationToken ct) => SignerStepInfo.Of(await ExpectAsync(Api.SignerStepAsync(ct)));

    /// <summary>Switches the dynamic-alias header on (null: off); it may name only <paramref name="allowedAliases"/> and the signer step's own alias.</summary>
    public async Task<SignerStepInfo> SetAliasHeaderAsync(string? header, IReadOnlyList<string> allowedAliases, CancellationToken ct) =>
        SignerStepInfo.Of(await ExpectAsync(Api.SetSignerStepAsync(new SignerStepBody(AliasHeader: header ?? "", AllowedAliases: [.. allowedAliases]), ct)));

    public Task<EntryView> EntryAsync(string alias, CancellationToken ct) => ExpectAsync(Api.EntryAsync(alias, ct));

    public Task<EntryView> CreateKeyPairAsync(string alias, string subject, string keyAlgorithm, int keySize, CancellationToken ct) =>
        ExpectAsync(Api.CreateKeyPairAsync(new CreateKeyPairBody(alias, keyAlgorithm, keySize, subject), ct));

    /// <summary>Imports a key pair from a PKCS#12 file (base64) and its password.</summary>
    public Task<EntryView> ImportKeyPairAsync(string alias, string pkcs12, string password, CancellationToken ct) =>
        ExpectAsync(Api.ImportKeyPairAsync(new ImportKeyPairBody(alias, pkcs12, password), ct));

    public Task DeleteEntryAsync(string alias, CancellationToken ct) => ExpectAsync(Api.DeleteEntryAsync(alias, ct));

    public Task<EntryView[]> EntriesAsync(CancellationToken ct) => ExpectAsync(Api.EntriesAsync(ct));

    public Task<string> CertificatePemAsync(string alias, CancellationToken ct) => ExpectAsync(Api.CertificatePemAsync(alias, ct));

    /// <summary>Imports a sender's certificate (PEM, no private key) under an alias.</summary>
    public Task<EntryView> ImportCertificateAsync(string alias, string pem, CancellationToken ct) =>
        ExpectAsync(Api.ImportCertificateAsync(new ImportCertificateBody(alias, pem), ct));

    /// <summary>Inbound verification of the flow: required (requests signed under one of the aliases) or off.</summary>
    public Task<InboundVerificationView> SetInboundVerificationAsync(bool required, IReadOnlyList<string> publicKeyAliases, CancellationToken ct) =>
        ExpectAsync(Api.SetInboundVerificationAsync(
            new InboundVerificationBody(required ? InboundVerificationMode.Required : InboundVerificationMode.Off, [.. publicKeyAliases]), ct));

    /// <summary>The key pair's PKCS#10 CSR (PEM): what goes to the CA.</summary>
    public Task<string> SigningRequestAsync(string alias, CancellationToken ct) => ExpectAsync(Api.CsrAsync(alias, ct));

    /// <summary>Imports the CA's signing response (the chain, PEM) onto the key pair (docs/DESIGN.md §12).</summary>
    public Task<EntryView> ImportChainAsync(string alias, string chainPem, CancellationToken ct) =>
        ExpectAsync(Api.ImportChainAsync(alias, new ImportChainBody(chainPem), ct));

    public Task<ExchangeView> ExchangeAsync(string alias, string fromAlias, CancellationToken ct) =>
        ExpectAsync(Api.ExchangeAsync(alias, new ExchangeBody(FromAlias: fromAlias), ct));

    public Task<DrainView> WaitUntilDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken ct) =>
        ExpectAsync(Api.WaitUntilDrainedAsync(fingerprint, timeout, ct));

    public async Task<HistoryInfo[]> HistoryAsync(string alias, CancellationToken ct) =>
        [.. (await ExpectAsync(Api.HistoryAsync(alias, ct))).Select(HistoryInfo.Of)];

    /// <summary>The nodes on the tenant's shared store with their deployed generation (docs/DESIGN.md §8); null for a tenant that is a single node on its data directory.</summary>
    public Task<ClusterView?> ClusterAsync(CancellationToken ct) => OptionalAsync(Api.ClusterAsync(ct));

    /// <summary>Counts logged messages signed with a fingerprint and received after a moment.</summary>
    public async Task<long> CountSignedWithAsync(string fingerprint, DateTimeOffset from, CancellationToken ct) =>
        (await ExpectAsync(Api.CountsSignedWithAsync(fingerprint, from, ct))).Sum(c => c.Count);

    // Inbound verification (docs/DESIGN.md §10): the flow's list, the verified message log and in-flight view.

    public Task<InboundVerificationView> InboundVerificationAsync(CancellationToken ct) => ExpectAsync(Api.InboundVerificationAsync(ct));

    /// <summary>Requests verified with a certificate from a moment on, per status, with the first and last answer.</summary>
    public Task<MessageCount[]> CountVerifiedWithAsync(string fingerprint, DateTimeOffset from, CancellationToken ct) =>
        ExpectAsync(Api.GetAsync<MessageCount[]>(TenantRoutes.MessageCountsWhere(by: CountedBy.Verifying, verifiedFingerprint: fingerprint, from: from), ct));

    /// <summary>Requests inbound verification refused from a moment on (at most 10000, newest first), each with its reason code.</summary>
    public Task<RejectedMessageInfo[]> RejectedSinceAsync(DateTimeOffset from, CancellationToken ct) =>
        ExpectAsync(Api.GetAsync<RejectedMessageInfo[]>(TenantRoutes.MessagesWhere(status: MessageStatus.Rejected, from: from, limit: 10_000), ct));

    public Task<DrainView> WaitUntilVerifiedDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken ct) =>
        ExpectAsync(Api.SendAsync<DrainView>(HttpMethod.Post, TenantRoutes.WaitUntilVerifiedDrained(fingerprint, timeout), null, ct));
}

public sealed record RejectedMessageInfo(string Id, DateTimeOffset ReceivedAt, DateTimeOffset AnsweredAt, MessageStatus Status, string? RejectReason)
{
    public string? Node { get; init; }
}
