using System.Net.Http.Headers;
using System.Text;
using Rotation.Shared.Contract;

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

    public Task<ExchangeInfo> ExchangeAsync(string alias, string fromAlias, CancellationToken ct) =>
        SendAsync<ExchangeInfo>(HttpMethod.Post, $"admin/keystore/entries/{Uri.EscapeDataString(alias)}/exchange", new { fromAlias }, ct);

    public Task<DrainInfo> WaitUntilDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken ct) =>
        SendAsync<DrainInfo>(HttpMethod.Post, $"admin/messages/in-flight/{fingerprint}/wait?timeoutMs={(int)timeout.TotalMilliseconds}", null, ct);

    public Task<HistoryInfo[]> HistoryAsync(string alias, CancellationToken ct) =>
        GetAsync<HistoryInfo[]>($"admin/keystore/history?alias={Uri.EscapeDataString(alias)}", ct);

    /// <summary>Counts logged messages signed with a fingerprint and received after a moment.</summary>
    public async Task<long> CountSignedWithAsync(string fingerprint, DateTimeOffset from, CancellationToken ct)
    {
        var counts = await GetAsync<MessageCountInfo[]>($"admin/messages/counts?fingerprint={fingerprint}&from={Uri.EscapeDataString(from.UtcDateTime.ToString("O"))}", ct);
        return counts.Sum(c => c.Count);
    }

    /// <summary>
    /// Calls the integration flow with the dynamic-alias header, so the response is signed with another
    /// entry's key: how the tenant lets a partner test a new key before the exchange. Returns the raw response.
    /// </summary>
    public async Task<byte[]> CallFlowSignedWithAsync(Uri endpoint, string aliasHeader, string alias, CancellationToken ct)
    {
        var envelope =
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" +
            $"<SubmitOrder xmlns=\"{OrderContract.Namespace}\"><request><OrderId>DRILL-CHECK</OrderId><CustomerId>drill</CustomerId><Currency>EUR</Currency>" +
            "<Lines><Line><Sku>CHECK-1</Sku><Quantity>1</Quantity><UnitPrice>1.00</UnitPrice></Line></Lines></request></SubmitOrder></s:Body></s:Envelope>";
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
        request.Headers.Add(aliasHeader, alias);
        using var flow = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await flow.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new AdminCallFailed($"tenant flow answered {(int)response.StatusCode} to a call signed with '{alias}'");
        return bytes;
    }
}

public sealed record SignerStepInfo(string Alias, string? AliasHeader, string? Fingerprint, string? EffectiveAlgorithm, string? KeyReference, double TimestampTimeToLiveSeconds,
    IReadOnlyList<string>? AllowedAliases = null);
public sealed record KeystoreEntryInfo(string Alias, string Kind, string Fingerprint, string Subject, string Issuer, string SerialNumber, string KeyAlgorithm, int KeySize,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter);
public sealed record HistoryInfo(string Id, string Alias, string Fingerprint, string Subject, DateTimeOffset RetiredAt, DateTimeOffset PurgeableFrom);
public sealed record ExchangeInfo(KeystoreEntryInfo Entry, HistoryInfo Retired);
public sealed record DrainInfo(string Fingerprint, bool Drained, int InFlight);
public sealed record MessageCountInfo(long Count);
