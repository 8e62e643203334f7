namespace Rotation.Drill.Admin;

/// <summary>What the tenant administrator does, over the tenant-service admin API.</summary>
public sealed class TenantAdmin(Uri baseAddress, string token) : AdminClient(baseAddress, token, "tenant", "--tenant-token or ROTATION_TENANT_TOKEN")
{
    public Task<SignerStepInfo> SignerStepAsync(CancellationToken ct) => GetAsync<SignerStepInfo>("admin/signer", ct);

    /// <summary>Switches the dynamic-alias header on (null: off); it may name only <paramref name="allowedAliases"/> and the signer step's own alias.</summary>
    public Task<SignerStepInfo> SetAliasHeaderAsync(string? header, IReadOnlyList<string> allowedAliases, CancellationToken ct) =>
        SendAsync<SignerStepInfo>(HttpMethod.Put, "admin/signer", new { aliasHeader = header ?? "", allowedAliases }, ct);

    public Task<KeystoreEntryInfo> EntryAsync(string alias, CancellationToken ct) =>
        GetAsync<KeystoreEntryInfo>($"admin/keystore/entries/{Uri.EscapeDataString(alias)}", ct);

    public Task<KeystoreEntryInfo> CreateKeyPairAsync(string alias, string subject, string keyAlgorithm, int keySize, CancellationToken ct) =>
        SendAsync<KeystoreEntryInfo>(HttpMethod.Post, "admin/keystore/entries/key-pairs", new { alias, subject, keyAlgorithm, keySize }, ct);

    /// <summary>Imports a key pair from a PKCS#12 file (base64) and its password.</summary>
    public Task<KeystoreEntryInfo> ImportKeyPairAsync(string alias, string pkcs12, string password, CancellationToken ct) =>
        SendAsync<KeystoreEntryInfo>(HttpMethod.Post, "admin/keystore/entries/key-pairs/import", new { alias, pkcs12, password }, ct);

    public Task DeleteEntryAsync(string alias, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"admin/keystore/entries/{Uri.EscapeDataString(alias)}", ct);

    public Task<KeystoreEntryInfo[]> EntriesAsync(CancellationToken ct) => GetAsync<KeystoreEntryInfo[]>("admin/keystore/entries", ct);

    public Task<string> CertificatePemAsync(string alias, CancellationToken ct) =>
        GetTextAsync($"admin/keystore/entries/{Uri.EscapeDataString(alias)}/certificate?format=pem", ct);

    /// <summary>Imports a sender's certificate (PEM, no private key) under an alias.</summary>
    public Task<KeystoreEntryInfo> ImportCertificateAsync(string alias, string pem, CancellationToken ct) =>
        SendAsync<KeystoreEntryInfo>(HttpMethod.Post, "admin/keystore/entries/certificates", new { alias, certificate = pem }, ct);

    /// <summary>Inbound verification of the flow: required (requests signed under one of the aliases) or off.</summary>
    public Task<InboundVerificationInfo> SetInboundVerificationAsync(bool required, IReadOnlyList<string> publicKeyAliases, CancellationToken ct) =>
        SendAsync<InboundVerificationInfo>(HttpMethod.Put, "admin/flow/inbound", new { mode = required ? "Required" : "Off", publicKeyAliases }, ct);

    /// <summary>The key pair's PKCS#10 CSR (PEM): what goes to the CA.</summary>
    public Task<string> SigningRequestAsync(string alias, CancellationToken ct) =>
        GetTextAsync($"admin/keystore/entries/{Uri.EscapeDataString(alias)}/csr", ct);

    /// <summary>Imports the CA's signing response (the chain, PEM) onto the key pair (docs/DESIGN.md §12).</summary>
    public Task<KeystoreEntryInfo> ImportChainAsync(string alias, string chainPem, CancellationToken ct) =>
        SendAsync<KeystoreEntryInfo>(HttpMethod.Put, $"admin/keystore/entries/{Uri.EscapeDataString(alias)}/chain", new { chain = chainPem }, ct);

    public Task<ExchangeInfo> ExchangeAsync(string alias, string fromAlias, CancellationToken ct) =>
        SendAsync<ExchangeInfo>(HttpMethod.Post, $"admin/keystore/entries/{Uri.EscapeDataString(alias)}/exchange", new { fromAlias }, ct);

    public Task<DrainInfo> WaitUntilDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken ct) =>
        SendAsync<DrainInfo>(HttpMethod.Post, $"admin/messages/in-flight/{fingerprint}/wait?timeoutMs={(int)timeout.TotalMilliseconds}", null, ct);

    public Task<HistoryInfo[]> HistoryAsync(string alias, CancellationToken ct) =>
        GetAsync<HistoryInfo[]>($"admin/keystore/history?alias={Uri.EscapeDataString(alias)}", ct);

    /// <summary>The nodes on the tenant's shared store with their deployed generation (docs/DESIGN.md §8); null for a tenant that is a single node on its data directory.</summary>
    public Task<ClusterInfo?> ClusterAsync(CancellationToken ct) => GetOptionalAsync<ClusterInfo>("admin/cluster", ct);

    /// <summary>Counts logged messages signed with a fingerprint and received after a moment.</summary>
    public async Task<long> CountSignedWithAsync(string fingerprint, DateTimeOffset from, CancellationToken ct)
    {
        var counts = await GetAsync<MessageCountInfo[]>($"admin/messages/counts?fingerprint={fingerprint}&from={Uri.EscapeDataString(from.UtcDateTime.ToString("O"))}", ct);
        return counts.Sum(c => c.Count);
    }

    // Inbound verification (docs/DESIGN.md §10): the flow's list, the verified message log and in-flight view.

    public Task<InboundVerificationViewInfo> InboundVerificationAsync(CancellationToken ct) => GetAsync<InboundVerificationViewInfo>("admin/flow/inbound", ct);

    /// <summary>Requests verified with a certificate from a moment on, per status, with the first and last answer.</summary>
    public Task<VerifiedCountInfo[]> CountVerifiedWithAsync(string fingerprint, DateTimeOffset from, CancellationToken ct) =>
        GetAsync<VerifiedCountInfo[]>($"admin/messages/counts?by=Verifying&verifiedFingerprint={fingerprint}&from={Uri.EscapeDataString(from.UtcDateTime.ToString("O"))}", ct);

    /// <summary>Requests inbound verification refused from a moment on (at most 10000, newest first), each with its reason code.</summary>
    public Task<RejectedMessageInfo[]> RejectedSinceAsync(DateTimeOffset from, CancellationToken ct) =>
        GetAsync<RejectedMessageInfo[]>($"admin/messages?status=Rejected&limit=10000&from={Uri.EscapeDataString(from.UtcDateTime.ToString("O"))}", ct);

    public Task<DrainInfo> WaitUntilVerifiedDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken ct) =>
        SendAsync<DrainInfo>(HttpMethod.Post, $"admin/messages/in-flight/verified/{fingerprint}/wait?timeoutMs={(int)timeout.TotalMilliseconds}", null, ct);
}

public sealed record SignerStepInfo(string Alias, string? AliasHeader, string? Fingerprint, string? EffectiveAlgorithm, string? KeyReference, double TimestampTimeToLiveSeconds,
    IReadOnlyList<string>? AllowedAliases = null);
public sealed record KeystoreEntryInfo(string Alias, string Kind, string Fingerprint, string Subject, string Issuer, string SerialNumber, string KeyAlgorithm, int KeySize,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>The issuers a CA's signing response brought (subjects, nearest first); empty when self-signed.</summary>
    public IReadOnlyList<string> Chain { get; init; } = [];
}
public sealed record HistoryInfo(string Id, string Alias, string Fingerprint, string Subject, DateTimeOffset RetiredAt, DateTimeOffset? PurgeableFrom);
public sealed record ExchangeInfo(KeystoreEntryInfo Entry, HistoryInfo Retired);
public sealed record DrainInfo(string Fingerprint, bool Drained, int InFlight);
public sealed record MessageCountInfo(long Count);
public sealed record InboundVerificationInfo(string Mode, IReadOnlyList<string> PublicKeyAliases);
public sealed record ClusterInfo(long StoredGeneration, IReadOnlyList<ClusterNodeInfo> Nodes);
public sealed record ClusterNodeInfo(string Name, long DeployedGeneration, string Status, DateTimeOffset LastHeartbeat);
public sealed record PublicKeyAliasInfo(string Alias, bool Imported, string? Kind, string? Fingerprint, string? Subject);
public sealed record InboundVerificationViewInfo(string Mode, IReadOnlyList<string> PublicKeyAliases, IReadOnlyList<PublicKeyAliasInfo> Certificates)
{
    public bool Required => string.Equals(Mode, "Required", StringComparison.OrdinalIgnoreCase);
}
public sealed record VerifiedCountInfo(string? Fingerprint, string Status, long Count, DateTimeOffset FirstAnsweredAt, DateTimeOffset LastAnsweredAt);
public sealed record RejectedMessageInfo(string Id, DateTimeOffset ReceivedAt, DateTimeOffset AnsweredAt, string Status, string? RejectReason)
{
    public string? Node { get; init; }
}
