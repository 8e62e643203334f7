using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Rotation.Drill.Admin;
using Rotation.Drill.Running;
using Rotation.Tenant.Contracts;
using Rotation.Drill.Procedures;
using Rotation.Shared.Certificates;
using Rotation.Hosting.Storage;

namespace Rotation.Drill.Tenants;

/// <summary>
/// The platform's Security Content API (--tenant-api cpi, docs/DESIGN.md §9): only the calls an administrator scripts
/// against SAP Cloud Integration, so the same run rehearses a real tenant. The flow signs with <c>alias</c> as it is
/// configured; what /api/v1 does not offer (the dynamic alias header, the in-flight view, the message log) is
/// replaced as <see cref="Checks"/> says. The exchange is by upload (a key pair made in this process's memory, never
/// written anywhere, replaces the alias in one call) or by rename (a key pair made on the tenant, two renames).
/// </summary>
public sealed class CpiApiTenant : ITenantAdministration
{
    private readonly CpiConnection _api;
    private readonly FlowCaller _flow;
    private readonly string _alias;
    private readonly ExchangeMethod _method;
    private readonly TimeSpan _deliveryWindow;
    private readonly TimeProvider _time;
    // Upload: the new key pairs exist only here until they are uploaded; dropped (and disposed) then or when the drill ends.
    private readonly ConcurrentDictionary<string, X509Certificate2> _madeHere = new(StringComparer.Ordinal);
    // Rename: where each exchange put the old key pair, by alias.
    private readonly ConcurrentDictionary<string, HistoryInfo> _renamedAway = new(StringComparer.Ordinal);

    public CpiApiTenant(CpiConnection api, Uri flowEndpoint, string alias, ExchangeMethod method, TimeSpan deliveryWindow, TimeProvider time)
    {
        (_api, _alias, _method, _deliveryWindow, _time) = (api, alias, method, deliveryWindow, time);
        _flow = new FlowCaller(flowEndpoint);
        Checks =
        [
            new("a response signed with the new key verifies before the exchange", false,
                "the flow signs only with its configured alias (no dynamic alias header through /api/v1): the sender's live probe checks the new key after the exchange"),
            new("no message signed with the old key in flight before the exchange", false,
                $"/api/v1 has no in-flight view: the drill waits a delivery window of {deliveryWindow.TotalSeconds:0.#} s instead"),
            method == ExchangeMethod.Upload
                ? new("the alias always holds a key pair", true, "KeyPairResources?update=true replaces the key pair under the alias in one call")
                : new("the alias always holds a key pair", false, "between the two renames the alias does not exist: the report measures that window and the requests that failed in it"),
            new("no message signed with the old key after the exchange", false,
                "/api/v1 has no message log: the sender's own view (its last response verified with the old key) instead"),
            method == ExchangeMethod.Upload
                ? new("the old key pair is kept", true, "HistoryKeystoreEntries, where the tenant keeps a history of its own key pairs (SAP's keeps one for SAP keys only)")
                : new("the old key pair is kept", true, $"renamed to '{alias}-retired-<time>' by the exchange"),
            new("which node signs (cluster view)", false, "/api/v1 shows no runtime nodes; the platform deploys keystore changes to its workers itself"),
        ];
    }

    public string Api => "cpi";

    public string Description => $"/api/v1 {_api.ServiceRoot} (flow {_flow.Endpoint}, alias '{_alias}', exchange by {_method.ToString().ToLowerInvariant()})";

    public IReadOnlyList<TenantCheck> Checks { get; }

    public bool CanSignWithOtherAlias => false;

    public async Task<SigningKey> SigningKeyAsync(CancellationToken ct)
    {
        var entry = Entity(await _api.GetJsonAsync(Entry(_alias), ct));
        // The platform's words for the type are not documented ("Key Pair" in its UI): anything naming a key will do.
        if (Text(entry, "Type") is { } type && !type.Contains("key", StringComparison.OrdinalIgnoreCase))
            throw new AdminCallFailed($"tenant /api/v1: '{_alias}' is a {Text(entry, "Type")}, not a key pair; give --alias the alias the flow signs with");
        var (pem, certificate) = await CertificateAsync(_alias, ct);
        using (certificate)
        {
            var (keyType, keySize) = KeyOf(certificate);
            var signer = new SignerStepInfo(_alias, null, CertificateInfo.Fingerprint(certificate), null, null, 0);
            return new SigningKey(_alias, CertificateInfo.Fingerprint(certificate), certificate.Subject, keyType, keySize, pem, signer);
        }
    }

    public Task PrepareAsync(SigningKey current, CancellationToken ct) => Task.CompletedTask;

    public async Task<RenewalKey> CreateRenewalKeyAsync(SigningKey current, string newAlias, RenewalSubject subject, int keySize, CancellationToken ct)
    {
        if (_method == ExchangeMethod.Upload)
        {
            if (!KeyAlgorithmText.TryParse($"{current.KeyAlgorithm}-{keySize}", out var algorithm))
                throw new StepCheckFailed($"the drill cannot make a {current.KeyAlgorithm} {keySize} key pair");
            var now = _time.GetUtcNow();
            // As the platform's KeyPairGenerationRequest would: valid from now for three years.
            var made = CertificateFactory.CreateSelfSigned(subject.DistinguishedName, algorithm, now.AddMinutes(-1), now.AddYears(3));
            _madeHere[newAlias] = made;
            return new RenewalKey(newAlias, CertificateInfo.Fingerprint(made), made.Subject, current.KeyAlgorithm, keySize, "in the drill's memory (not on the tenant, never on disk)");
        }
        var request = new Dictionary<string, object?>
        {
            ["Hexalias"] = HexAlias(newAlias),
            ["Alias"] = newAlias,
            ["CommonName"] = subject.Part("CN") ?? newAlias,
            // KeyPairGenerationRequest requires a country; an old certificate without one gets the platform's home.
            ["Country"] = subject.Part("C") ?? "DE",
            ["Organization"] = subject.Part("O"),
            ["OrganizationUnit"] = subject.Part("OU"),
            ["KeyType"] = current.KeyAlgorithm,
            ["KeySize"] = keySize,
        };
        await _api.ModifyAsync(HttpMethod.Post, "KeyPairGenerationRequests", request, ct);
        var (_, certificate) = await CertificateAsync(newAlias, ct);
        using (certificate)
        {
            var (keyType, size) = KeyOf(certificate);
            return new RenewalKey(newAlias, CertificateInfo.Fingerprint(certificate), certificate.Subject, keyType, size, "on the tenant (KeyPairGenerationRequests)");
        }
    }

    public async Task<string> RenewalCertificatePemAsync(RenewalKey renewal, CancellationToken ct) =>
        _madeHere.TryGetValue(renewal.Alias, out var made) ? made.ExportCertificatePem() : (await CertificateAsync(renewal.Alias, ct)).Pem;

    public Task<byte[]> CallFlowAsync(string? signWith, CancellationToken ct) =>
        signWith is null || signWith == _alias
            ? _flow.CallAsync(null, ct)
            : throw new InvalidOperationException("through /api/v1 the flow signs only with its configured alias");

    public async Task<string> EnsureNoOldMessagesAsync(string oldFingerprint, CancellationToken ct)
    {
        await _time.ForAsync(_deliveryWindow, ct);
        return $"no in-flight view through /api/v1: waited a delivery window of {_deliveryWindow.TotalSeconds:0.#} s";
    }

    public async Task<KeyExchange> ExchangeAsync(SigningKey current, RenewalKey renewal, CancellationToken ct)
    {
        if (_method == ExchangeMethod.Upload) return await UploadAsync(current, renewal, ct);

        var retiredAlias = $"{_alias}-retired-{_time.GetUtcNow():yyyyMMdd-HHmmss}";
        var rename = new Dictionary<string, object?> { ["Alias"] = null };
        var startedAt = _time.GetUtcNow();
        await _api.ModifyAsync(HttpMethod.Put, $"{Entry(_alias)}?renameAlias={Uri.EscapeDataString(retiredAlias)}", rename, ct);
        try
        {
            // From here the alias is empty: the second rename is made even if the drill is being interrupted.
            await _api.ModifyAsync(HttpMethod.Put, $"{Entry(renewal.Alias)}?renameAlias={Uri.EscapeDataString(_alias)}", rename, CancellationToken.None);
        }
        catch (AdminCallFailed failed)
        {
            await _api.ModifyAsync(HttpMethod.Put, $"{Entry(retiredAlias)}?renameAlias={Uri.EscapeDataString(_alias)}", rename, CancellationToken.None);
            throw new AdminCallFailed($"{failed.Message} — the old key pair was renamed back to '{_alias}'");
        }
        var endedAt = _time.GetUtcNow();
        var retired = new HistoryInfo(HexAlias(retiredAlias), retiredAlias, current.Fingerprint, current.Subject, startedAt, null);
        _renamedAway[_alias] = retired;
        var window = new RenameWindow(startedAt, endedAt, retiredAlias);
        return new KeyExchange(retired, window, $"two renames in {window.Milliseconds:0.#} ms; the old key pair is now '{retiredAlias}'");
    }

    private async Task<KeyExchange> UploadAsync(SigningKey current, RenewalKey renewal, CancellationToken ct)
    {
        if (!_madeHere.TryRemove(renewal.Alias, out var made)) throw new StepCheckFailed($"the drill holds no key pair '{renewal.Alias}' to upload");
        using (made)
        {
            // The PKCS#12 and its password live only in this call: the tenant is the one place the private key is kept.
            var password = SecretFile.NewSecret();
            var pkcs12 = made.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
            var body = new Dictionary<string, object?> { ["Hexalias"] = HexAlias(_alias), ["Alias"] = _alias, ["Password"] = password, ["Resource"] = Convert.ToBase64String(pkcs12) };
            CryptographicOperations.ZeroMemory(pkcs12);
            await _api.ModifyAsync(HttpMethod.Post, "KeyPairResources?update=true", body, ct);
        }
        var retired = await RetiredKeyAsync(_alias, current.Fingerprint, ct);
        return new KeyExchange(retired, null, retired is null
            ? "one call (KeyPairResources?update=true); the tenant kept no history entry of the old key pair"
            : $"one call (KeyPairResources?update=true); old key pair in the key history as '{retired.Id}'");
    }

    public async Task<HistoryInfo?> RetiredKeyAsync(string alias, string oldFingerprint, CancellationToken ct)
    {
        if (_renamedAway.TryGetValue(alias, out var renamed) && renamed.Fingerprint == oldFingerprint)
            return await _api.ExistsAsync(Entry(renamed.Alias), ct) ? renamed : null;
        var history = await _api.GetJsonAsync("HistoryKeystoreEntries", ct);
        foreach (var entry in Collection(history))
        {
            if (!string.Equals(Normalised(Text(entry, "FingerprintSha256")), oldFingerprint, StringComparison.Ordinal)) continue;
            var activeUntil = ParseDate(Text(entry, "ActiveUntil")) ?? _time.GetUtcNow();
            return new HistoryInfo(Text(entry, "Hexalias") ?? "", Text(entry, "OriginalAlias") ?? alias, oldFingerprint, Text(entry, "SubjectDN") ?? "", activeUntil, null);
        }
        return null;
    }

    public Task<long?> SignedWithAfterAsync(string fingerprint, DateTimeOffset from, CancellationToken ct) => Task.FromResult<long?>(null);

    /// <summary>/api/v1 shows no worker nodes: the drill cannot see propagation (its Checks say so).</summary>
    public Task<ClusterView?> ClusterAsync(CancellationToken ct) => Task.FromResult<ClusterView?>(null);

    public async Task<TenantAsFound> CaptureAsync(CancellationToken ct) => new(_alias, (await SigningKeyAsync(ct)).Fingerprint, null);

    public async Task<IReadOnlyList<string>> RestoreAsync(TenantAsFound asFound, IReadOnlyCollection<string> createdAliases, CancellationToken ct)
    {
        var done = new List<string>();
        foreach (var alias in createdAliases)
        {
            if (_madeHere.TryRemove(alias, out var made))
            {
                made.Dispose();
                done.Add($"drill: key pair '{alias}' made in memory and never uploaded, dropped");
            }
            else if (await _api.ExistsAsync(Entry(alias), ct))
            {
                await _api.ModifyAsync(HttpMethod.Delete, Entry(alias), null, ct);
                done.Add($"tenant: renewal key pair '{alias}' deleted (never exchanged)");
            }
        }
        return done;
    }

    private async Task<(string Pem, X509Certificate2 Certificate)> CertificateAsync(string alias, CancellationToken ct)
    {
        var text = await _api.GetTextAsync($"{Entry(alias)}/Certificate/$value", ct);
        try
        {
            var certificate = text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text.Trim()));
            if (certificate.HasPrivateKey || text.Contains("PRIVATE KEY", StringComparison.Ordinal))
                throw new StepCheckFailed($"the certificate download of '{alias}' carried private key material");
            return (certificate.ExportCertificatePem(), certificate);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new AdminCallFailed($"tenant /api/v1: the certificate of '{alias}' is neither PEM nor base64 DER: {e.Message}");
        }
    }

    private static (string KeyType, int KeySize) KeyOf(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null) return ("RSA", rsa.KeySize);
        using var ec = certificate.GetECDsaPublicKey();
        return ec is not null ? ("EC", ec.KeySize) : (certificate.PublicKey.Oid.FriendlyName ?? "unknown", 0);
    }

    /// <summary>An alias in a URL: the upper-case hex of its UTF-8 bytes.</summary>
    private static string HexAlias(string alias) => Convert.ToHexString(Encoding.UTF8.GetBytes(alias));

    private static string Entry(string alias) => $"KeystoreEntries('{HexAlias(alias)}')";

    private static JsonElement Entity(JsonElement answer) => answer.TryGetProperty("d", out var d) ? d : answer;

    private static IEnumerable<JsonElement> Collection(JsonElement answer)
    {
        var d = Entity(answer);
        var results = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("results", out var r) ? r : d;
        return results.ValueKind == JsonValueKind.Array ? results.EnumerateArray() : [];
    }

    private static string? Text(JsonElement entity, string property) =>
        entity.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Fingerprints as the drill writes them: lower-case hex without separators.</summary>
    private static string? Normalised(string? fingerprint) => fingerprint?.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>OData V2's "/Date(ms)/".</summary>
    private static DateTimeOffset? ParseDate(string? text) =>
        text is { Length: > 8 } && text.StartsWith("/Date(", StringComparison.Ordinal) && long.TryParse(text[6..text.IndexOfAny([')', '+', '-'], 7)], out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    public void Dispose()
    {
        foreach (var made in _madeHere.Values) made.Dispose();
        _madeHere.Clear();
        _flow.Dispose();
        _api.Dispose();
    }
}
