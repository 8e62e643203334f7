using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// Hostile input to the admin API and its uploads: bad JSON, huge fields, path tricks, bad tokens, racing exchanges,
/// corrupt or legacy PKCS#12, PEM and DER garbage. Each gets a clean 4xx; the tenant keeps signing; memory stays bounded.
/// </summary>
public sealed class HostileAdminTests(HostileAdminTests.Fixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<HostileAdminTests.Fixture>
{
    private const int FiveMegabytes = 5 * 1024 * 1024;

    private readonly TestTenant _tenant = fixture.Tenant;

    /// <summary>The data directory sits alone in a sandbox directory, so anything written outside it is seen.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public string Sandbox { get; } = TestTenant.NewDataDir();
        public TestTenant Tenant { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Tenant = await TestTenant.StartAsync(o => o with { InitialKeyAlgorithm = KeyAlgorithm.EcP256 }, dataDir: Path.Combine(Sandbox, "data"));

        public async Task DisposeAsync()
        {
            await Tenant.DisposeAsync();
            TestTenant.TryDelete(Sandbox);
        }
    }

    public static TheoryData<string, string, string> BadJson() => new()
    {
        { "truncated", "{ \"alias\": \"x", "application/json" },
        { "not json", "{ not json", "application/json" },
        { "empty", "", "application/json" },
        { "null", "null", "application/json" },
        { "array", "[1,2,3]", "application/json" },
        { "wrong type", "{\"alias\": 5, \"keyAlgorithm\": {\"x\": 1}}", "application/json" },
        { "number overflow", "{\"alias\": \"big\", \"keyAlgorithm\": \"EC\", \"keySize\": 99999999999999999999}", "application/json" },
        { "deep nesting", "{\"alias\": " + new string('[', 10_000) + new string(']', 10_000) + "}", "application/json" },
        { "trailing garbage", "{\"alias\": \"t\", \"keyAlgorithm\": \"EC\"} trailing", "application/json" },
        { "lone surrogate escape", "{\"alias\": \"\\ud800\", \"keyAlgorithm\": \"EC\"}", "application/json" },
        { "text/plain", "{\"alias\": \"plain\", \"keyAlgorithm\": \"EC\"}", "text/plain" },
        { "xml", "<alias>x</alias>", "application/xml" },
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public async Task Bad_json_gets_a_clean_4xx(string name, string body, string contentType)
    {
        var generation = _tenant.Host.State.Current.Generation;
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await _tenant.Admin.PostAsync(TenantRoutes.KeyPairs, content);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{name}: HTTP {(int)response.StatusCode} {text}");
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: HTTP {(int)response.StatusCode} {text}");
        Hostile.AssertCleanError(text);
        Assert.Equal(generation, _tenant.Host.State.Current.Generation);
        await Hostile.AssertStillServesAsync(_tenant);
    }

    [Fact]
    public async Task Invalid_utf8_in_json_gets_a_clean_400()
    {
        var body = "{\"alias\": \"a"u8.ToArray().Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat("\", \"keyAlgorithm\": \"EC\"}"u8.ToArray()).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        using var response = await _tenant.Admin.PostAsync(TenantRoutes.KeyPairs, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"HTTP {(int)response.StatusCode} {text}");
        Hostile.AssertCleanError(text);
    }

    public static TheoryData<string, string, string, int> HugeFields()
    {
        var huge = new string('a', FiveMegabytes);
        var hugeDn = "CN=" + huge;
        return new()
        {
            { "alias", TenantRoutes.KeyPairs, JsonSerializer.Serialize(new { alias = huge, keyAlgorithm = "EC" }), 400 },
            { "subject", TenantRoutes.KeyPairs, JsonSerializer.Serialize(new { alias = "huge-subject", keyAlgorithm = "EC", subject = hugeDn }), 400 },
            { "key algorithm", TenantRoutes.KeyPairs, JsonSerializer.Serialize(new { alias = "huge-alg", keyAlgorithm = huge }), 400 },
            { "signature hash", TenantRoutes.KeyPairs, JsonSerializer.Serialize(new { alias = "huge-hash", keyAlgorithm = "EC", signatureHash = huge }), 400 },
            { "password", TenantRoutes.KeyPairImport, JsonSerializer.Serialize(new { alias = "huge-pw", pkcs12 = Uploads.KeyPairPkcs12("right"), password = huge }), 422 },
            { "pkcs12", TenantRoutes.KeyPairImport, JsonSerializer.Serialize(new { alias = "huge-p12", pkcs12 = Convert.ToBase64String(new byte[FiveMegabytes / 2]), password = "x" }), 400 },
            { "certificate", TenantRoutes.Certificates, JsonSerializer.Serialize(new { alias = "huge-cert", certificate = "-----BEGIN CERTIFICATE-----\n" + huge + "\n-----END CERTIFICATE-----" }), 400 },
            { "new alias", TenantRoutes.Rename("huge-target"), JsonSerializer.Serialize(new { newAlias = huge }), 400 },
            { "from alias", TenantRoutes.Exchange("tenant-signing"), JsonSerializer.Serialize(new { fromAlias = huge }), 404 },
        };
    }

    [Theory]
    [MemberData(nameof(HugeFields))]
    public async Task Huge_fields_get_a_clean_4xx_without_echoing_them(string field, string path, string json, int status)
    {
        var before = Hostile.ManagedMemory();
        var generation = _tenant.Host.State.Current.Generation;
        var watch = Stopwatch.StartNew();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _tenant.Admin.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"5 MB {field}: HTTP {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms, {text.Length} chars: {text[..Math.Min(300, text.Length)]}");
        Assert.True((int)response.StatusCode == status, $"5 MB {field}: HTTP {(int)response.StatusCode} {text[..Math.Min(2000, text.Length)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Hostile.AssertCleanError(text, maxLength: 4096);
        Assert.Equal(generation, _tenant.Host.State.Current.Generation);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        await Hostile.AssertStillServesAsync(_tenant);
        Hostile.AssertBounded(before, $"5 MB {field}");
    }

    public static TheoryData<string> TrickAliases() =>
    [
        "../../etc", "..", ".", "a/b", "a\\b", "/etc/passwd", "..\\..\\windows", "a\0b", "nul\0", "%2e%2e%2fetc", "..%2F..%2Fetc",
        new string('a', 101), new string('a', 100_000), "", " ", " lead", "trail ", "tab\there", "new\nline",
        "t\u0435nant-signing", // Cyrillic е
        "ｔｅｎａｎｔ", // fullwidth
        "tenant\u200Bsigning", // zero-width space
        "tenant-signing\u202E", // right-to-left override
        "ǅ", "İ", "é", "😀", "-dash-first", "_underscore-first", ".hidden",
    ];

    [Theory]
    [MemberData(nameof(TrickAliases))]
    public async Task Path_tricks_in_aliases_are_refused_and_touch_no_file(string alias)
    {
        var files = SandboxFiles();
        var generation = _tenant.Host.State.Current.Generation;
        var attempts = new List<(string What, HttpResponseMessage Response)>();
        try
        {
            attempts.Add(("create", await _tenant.Admin.PostAsJsonAsync(TenantRoutes.KeyPairs, new { alias, keyAlgorithm = "EC" })));
            attempts.Add(("import certificate", await _tenant.Admin.PostAsJsonAsync(TenantRoutes.Certificates, new { alias, certificate = Uploads.CertificatePem("CN=trick") })));
            attempts.Add(("rename to", await _tenant.Admin.PostAsJsonAsync(TenantRoutes.Rename("rename-source"), new { newAlias = alias })));
            attempts.Add(("exchange from", await _tenant.Admin.PostAsJsonAsync(TenantRoutes.Exchange("tenant-signing"), new { fromAlias = alias })));
            // The alias is the trick, escaped into its path segment as every client does; "." and ".." as path segments are
            // resolved by URL normalisation before any route sees them ("../../etc" covers the escaped form).
            if (alias.Length > 0 && alias.Length < 4000 && alias is not ("." or ".."))
            {
                attempts.Add(("get", await _tenant.Admin.GetAsync(TenantRoutes.Entry(alias))));
                attempts.Add(("certificate", await _tenant.Admin.GetAsync(TenantRoutes.Certificate(alias))));
                attempts.Add(("delete", await _tenant.Admin.DeleteAsync(TenantRoutes.Entry(alias))));
                attempts.Add(("exchange", await _tenant.Admin.PostAsJsonAsync(TenantRoutes.Exchange(alias), new { fromAlias = "nothing" })));
            }
            foreach (var (what, response) in attempts)
            {
                var text = await response.Content.ReadAsStringAsync();
                output.WriteLine($"{what} '{alias[..Math.Min(40, alias.Length)]}': HTTP {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                Assert.True((int)response.StatusCode is 400 or 404 or 405, $"{what} '{alias}': HTTP {(int)response.StatusCode} {text}");
                Hostile.AssertCleanError(text, maxLength: 4096);
            }
        }
        finally
        {
            foreach (var (_, response) in attempts) response.Dispose();
        }
        Assert.Equal(generation, _tenant.Host.State.Current.Generation);
        Assert.Equal(Durable(files), Durable(SandboxFiles()));
        await Hostile.AssertStillServesAsync(_tenant);
    }

    [Fact]
    public async Task Only_known_files_ever_appear_and_only_inside_the_data_directory()
    {
        await Hostile.AssertStillServesAsync(_tenant);
        var known = new Regex(@"^data/(tenant-state\.json|keystore\.\d+\.p12|keystore\.password|\.lock|\.lock\.pid|audit\.log|messages\.db(-wal|-shm|-journal)?)$");
        var files = SandboxFiles();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Matches(known, f));
    }

    public static TheoryData<string, string?> BadTokens() => new()
    {
        { "missing", null },
        { "empty bearer", "Bearer " },
        { "bearer only", "Bearer" },
        { "wrong", "Bearer wrong-token" },
        { "prefix of the token", "Bearer " + TestTenant.Token[..^1] },
        { "token plus one", "Bearer " + TestTenant.Token + "0" },
        { "token twice", "Bearer " + TestTenant.Token + TestTenant.Token },
        { "basic scheme", "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:" + TestTenant.Token)) },
        { "token without scheme", TestTenant.Token },
        { "8 KB", "Bearer " + new string('x', 8 * 1024) },
        { "24 KB", "Bearer " + new string('x', 24 * 1024) },
        { "64 KB", "Bearer " + new string('x', 64 * 1024) },
        { "1 MB", "Bearer " + new string('x', 1024 * 1024) },
        { "non-ascii", "Bearer tëst-tökën" },
        { "comma list", "Bearer wrong, Bearer " + TestTenant.Token },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Wrong_missing_and_huge_tokens_get_a_clean_4xx(string name, string? authorization)
    {
        // Latin-1 on the wire, so that a non-ASCII token really reaches the server.
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 }) { BaseAddress = _tenant.Host.BaseAddress };
        foreach (var (method, path) in new[] { ("GET", TenantRoutes.Entries), ("POST", TenantRoutes.KeyPairs), ("DELETE", TenantRoutes.Entry("tenant-signing")) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST") request.Content = JsonContent.Create(new { alias = "token-trick", keyAlgorithm = "EC" });
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException e) when (authorization is { Length: > 32 * 1024 })
            {
                // Kestrel may close the connection on a header beyond its limits instead of answering.
                output.WriteLine($"{name}: connection closed ({e.Message})");
                continue;
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                output.WriteLine($"{name} {method} {path}: HTTP {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                // 401 from the admin filter; 400/431 from Kestrel for headers beyond its limits.
                Assert.True((int)response.StatusCode is 401 or 400 or 431, $"{name}: HTTP {(int)response.StatusCode} {text}");
                if (response.StatusCode == HttpStatusCode.Unauthorized) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Hostile.AssertCleanError(text);
            }
        }
        Assert.NotNull(_tenant.Host.Keystore.Current.Find("tenant-signing"));
        Assert.Null(_tenant.Host.Keystore.Current.Find("token-trick"));
        await Hostile.AssertStillServesAsync(_tenant);
    }

    [Fact]
    public async Task Concurrent_and_replayed_exchanges_of_one_alias_leave_a_consistent_history()
    {
        const int Sources = 10;
        var original = await _tenant.CertificateAsync("tenant-signing");
        var historyBefore = (await _tenant.GetJsonAsync(TenantRoutes.History)).EnumerateArray().Select(h => h.GetProperty("fingerprint").GetString()!).ToList();
        var sources = new Dictionary<string, string>();
        for (var i = 0; i < Sources; i++)
        {
            var created = await _tenant.CreateKeyPairAsync($"race-{i}", "EC", 256);
            sources[$"race-{i}"] = created.GetProperty("fingerprint").GetString()!;
        }
        var upload = Uploads.KeyPairPkcs12("pw");
        var uploadFingerprint = CertificateInfo.Fingerprint(X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(upload), "pw"));

        // Senders keep calling throughout: the alias must resolve for every one of them.
        var soapFailures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var (status, body, response) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, $"race-{n++}"));
                response.Dispose();
                if (status != 200) soapFailures.Enqueue($"HTTP {status} {Encoding.UTF8.GetString(body)}");
            }
            return n;
        });

        // Every source twice (the second is a replay) and the same PKCS#12 three times, all at once.
        var requests = sources.Keys.SelectMany(s => new object[] { new { fromAlias = s }, new { fromAlias = s } })
            .Concat(Enumerable.Repeat<object>(new { pkcs12 = upload, password = "pw" }, 3))
            .ToArray();
        using var gate = new SemaphoreSlim(0);
        var answers = requests.Select(body => Task.Run(async () =>
        {
            await gate.WaitAsync();
            using var response = await _tenant.Admin.PostAsJsonAsync(TenantRoutes.Exchange("tenant-signing"), body);
            var text = await response.Content.ReadAsStringAsync();
            return (Status: (int)response.StatusCode, Text: text, Body: body);
        })).ToArray();
        gate.Release(requests.Length);
        var results = await Task.WhenAll(answers);
        await Task.Delay(200);
        await stop.CancelAsync();
        var sent = await sender;

        foreach (var r in results) output.WriteLine($"HTTP {r.Status} {r.Text[..Math.Min(160, r.Text.Length)]}");
        Assert.Empty(soapFailures);
        Assert.True(sent > 0);
        Assert.All(results, r => Assert.True(r.Status is 200 or 400 or 404, $"HTTP {r.Status} {r.Text}"));
        Assert.All(results.Where(r => r.Status != 200), r => Hostile.AssertCleanError(r.Text));
        var succeeded = results.Where(r => r.Status == 200).Select(r => JsonDocument.Parse(r.Text).RootElement).ToList();
        // Each source can be consumed once; the upload exactly once (afterwards the alias already holds it, or it was exchanged away and back).
        Assert.Equal(Sources, succeeded.Count(s => sources.ContainsValue(s.GetProperty("entry").GetProperty("fingerprint").GetString()!)));
        Assert.InRange(succeeded.Count(s => s.GetProperty("entry").GetProperty("fingerprint").GetString() == uploadFingerprint), 1, 3);

        // The history gained exactly one entry per successful exchange, and they chain: each retired key is what the previous exchange installed.
        var history = (await _tenant.GetJsonAsync(TenantRoutes.History)).EnumerateArray().Select(h => h.GetProperty("fingerprint").GetString()!).ToList();
        Assert.Equal(historyBefore, history.Take(historyBefore.Count));
        var added = history.Skip(historyBefore.Count).ToList();
        Assert.Equal(succeeded.Count, added.Count);
        Assert.Equal(succeeded.Select(s => s.GetProperty("retired").GetProperty("fingerprint").GetString()).Order(), added.Order());
        Assert.Contains(CertificateInfo.Fingerprint(original), added);
        var current = _tenant.Host.Keystore.Current;
        Assert.NotNull(current.Find("tenant-signing"));
        // The exchanges form one chain from the original key to the current one: what went in, plus the original,
        // is exactly what was retired, plus the current key (counted with multiplicity: the upload may go in, out and in again).
        var installed = succeeded.Select(s => s.GetProperty("entry").GetProperty("fingerprint").GetString()!);
        Assert.Equal(installed.Append(CertificateInfo.Fingerprint(original)).Order(), added.Append(current.Find("tenant-signing")!.Fingerprint).Order());
        Assert.All(sources.Keys, s => Assert.Null(current.Find(s)));
        await Hostile.AssertStillServesAsync(_tenant);
    }

    // ---- uploads ----

    [Fact]
    public async Task Corrupt_pkcs12_uploads_get_a_clean_4xx()
    {
        var valid = Convert.FromBase64String(Uploads.KeyPairPkcs12("pw"));
        var random = new Random(7);
        var corrupt = new List<(string Name, byte[] Bytes)>();
        for (var i = 0; i < 24; i++)
        {
            var copy = (byte[])valid.Clone();
            var at = random.Next(copy.Length);
            copy[at] ^= (byte)(1 << random.Next(8));
            corrupt.Add(($"bit flip at {at}", copy));
        }
        foreach (var length in new[] { 1, 2, 4, 16, valid.Length / 2, valid.Length - 1 }) corrupt.Add(($"truncated to {length}", valid[..length]));
        corrupt.Add(("trailing garbage", [.. valid, 0x00, 0x01]));
        corrupt.Add(("random", RandomBytes(2048, 11)));
        corrupt.Add(("deep asn.1 nesting", DeepAsn1(20_000)));
        corrupt.Add(("huge asn.1 length", [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x03]));
        corrupt.Add(("a certificate, not a pfx", Convert.FromBase64String(Uploads.CertificateDer("CN=garbage"))));

        var before = Hostile.ManagedMemory();
        foreach (var (name, bytes) in corrupt)
        foreach (var path in new[] { TenantRoutes.KeyPairImport, TenantRoutes.Exchange("tenant-signing") })
        {
            using var response = await _tenant.Admin.PostAsJsonAsync(path, new { alias = "corrupt", pkcs12 = Convert.ToBase64String(bytes), password = "pw" });
            var text = await response.Content.ReadAsStringAsync();
            var code = JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
            output.WriteLine($"{name} → {path}: HTTP {(int)response.StatusCode} {code}");
            Assert.True((int)response.StatusCode is 400 or 422, $"{name} → {path}: HTTP {(int)response.StatusCode} {text}");
            Assert.Contains(code, new[] { "MalformedPkcs12", "WrongPassword" });
            Hostile.AssertCleanError(text);
        }
        Assert.Null(_tenant.Host.Keystore.Current.Find("corrupt"));
        await Hostile.AssertStillServesAsync(_tenant);
        Hostile.AssertBounded(before, "corrupt PKCS#12");
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("pw\0")]
    [InlineData("PW")]
    public async Task A_wrong_password_is_a_clean_422(string? password)
    {
        using var response = await _tenant.Admin.PostAsJsonAsync(TenantRoutes.KeyPairImport, new { alias = "wrong-pw", pkcs12 = Uploads.KeyPairPkcs12("pw"), password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"HTTP {(int)response.StatusCode} {text}");
        Assert.Equal("WrongPassword", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Hostile.AssertCleanError(text);
    }

    /// <summary>
    /// Legacy PKCS#12 encryption is accepted on import: what older keytool/openssl produce must still load
    /// (the keystore re-encrypts it with its own algorithm when it persists).
    /// </summary>
    [Fact]
    public async Task Legacy_pkcs12_encryption_3des_and_rc2_is_accepted()
    {
        using var key = TestCertificates.CurrentlyValid("CN=legacy-3des", KeyAlgorithm.EcP256);
        var tripleDes = Convert.ToBase64String(key.ExportPkcs12(Pkcs12ExportPbeParameters.Pkcs12TripleDesSha1, "legacy"));
        foreach (var (alias, pfx, fingerprint) in new[] { ("legacy-3des", tripleDes, CertificateInfo.Fingerprint(key)), ("legacy-rc2", OpensslLegacyRc2Pfx, (string?)null) })
        {
            using var response = await _tenant.Admin.PostAsJsonAsync(TenantRoutes.KeyPairImport, new { alias, pkcs12 = pfx, password = "legacy" });
            var text = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{alias}: HTTP {(int)response.StatusCode} {text}");
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{alias}: HTTP {(int)response.StatusCode} {text}");
            var entry = JsonDocument.Parse(text).RootElement;
            Assert.Equal(EntryKind.KeyPair, entry.GetProperty("kind").Deserialize<EntryKind>(TestTenant.Json));
            if (fingerprint is not null) Assert.Equal(fingerprint, entry.GetProperty("fingerprint").GetString());
            // The imported key really signs.
            await _tenant.SetSignerAsync(new { alias });
            try { await Hostile.AssertStillServesAsync(_tenant, alias); }
            finally { await _tenant.SetSignerAsync(new { alias = "tenant-signing" }); }
            using var deleted = await _tenant.Admin.DeleteAsync(TenantRoutes.Entry(alias));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
    }

    [Fact]
    public async Task A_pkcs12_beyond_the_kdf_iteration_limits_is_refused_quickly()
    {
        using var key = TestCertificates.CurrentlyValid("CN=slow", KeyAlgorithm.EcP256);
        var pfx = Convert.ToBase64String(key.ExportPkcs12(new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 2_000_000), "pw"));
        var watch = Stopwatch.StartNew();
        using var response = await _tenant.Admin.PostAsJsonAsync(TenantRoutes.KeyPairImport, new { alias = "slow", pkcs12 = pfx, password = "pw" });
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"HTTP {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms: {text}");
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"HTTP {(int)response.StatusCode} {text}");
        Assert.Equal("MalformedPkcs12", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Hostile.AssertCleanError(text);
    }

    [Fact]
    public async Task A_certificate_without_a_key_is_refused_where_a_key_pair_is_needed()
    {
        foreach (var path in new[] { TenantRoutes.KeyPairImport, TenantRoutes.Exchange("tenant-signing") })
        {
            using var response = await _tenant.Admin.PostAsJsonAsync(path, new { alias = "no-key", pkcs12 = Uploads.CertificateOnlyPkcs12(), password = "pw" });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{path}: HTTP {(int)response.StatusCode} {text}");
            Assert.Equal("NotAKeyPair", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        }
        // A certificate entry (no key) can neither sign, be exchanged from, nor give a CSR.
        await _tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Certificates, new { alias = "cert-only", certificate = Uploads.CertificatePem("CN=trick") });
        foreach (var (method, path, body) in new (string, string, object?)[]
        {
            ("POST", TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "cert-only" }),
            ("POST", TenantRoutes.Exchange("cert-only"), new { fromAlias = "tenant-signing" }),
            ("PUT", TenantRoutes.Signer, new { alias = "cert-only" }),
            ("GET", TenantRoutes.Csr("cert-only"), null),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await _tenant.Admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{method} {path}: HTTP {(int)response.StatusCode} {text}");
            Assert.Equal("NotAKeyPair", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        }
        using (var deleted = await _tenant.Admin.DeleteAsync(TenantRoutes.Entry("cert-only"))) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Hostile.AssertStillServesAsync(_tenant);
    }

    public static TheoryData<string, string> CertificateGarbage()
    {
        var der = Convert.FromBase64String(Uploads.CertificateDer("CN=garbage"));
        return new()
        {
            { "pem without end", "-----BEGIN CERTIFICATE-----\n" + Uploads.CertificateDer("CN=garbage") },
            { "pem with bad base64", "-----BEGIN CERTIFICATE-----\n!!!!not base64!!!!\n-----END CERTIFICATE-----" },
            { "pem of random bytes", "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(RandomBytes(700, 3)) + "\n-----END CERTIFICATE-----" },
            { "pem of a private key only", "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String(RandomBytes(120, 4)) + "\n-----END PRIVATE KEY-----" },
            { "pem with mismatched labels", "-----BEGIN CERTIFICATE-----\n" + Uploads.CertificateDer("CN=garbage") + "\n-----END PRIVATE KEY-----" },
            { "pem of a truncated certificate", "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(der[..(der.Length / 2)]) + "\n-----END CERTIFICATE-----" },
            { "many begin markers", string.Concat(Enumerable.Repeat("-----BEGIN CERTIFICATE-----\n", 50_000)) },
            { "der of random bytes", Convert.ToBase64String(RandomBytes(1024, 5)) },
            { "der truncated", Convert.ToBase64String(der[..(der.Length - 10)]) },
            { "der with a flipped byte in the tbs length", Convert.ToBase64String(Flip(der, 5)) },
            { "deep asn.1 nesting", Convert.ToBase64String(DeepAsn1(20_000)) },
            { "huge asn.1 length", Convert.ToBase64String([0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x30, 0x00]) },
            { "a pkcs12 instead of a certificate", Uploads.KeyPairPkcs12("pw") },
            { "base64 with whitespace garbage", "AAAA BBBB\u0000CCCC" },
        };
    }

    [Theory]
    [MemberData(nameof(CertificateGarbage))]
    public async Task Pem_and_der_garbage_gets_a_clean_400(string name, string certificate)
    {
        using var response = await _tenant.Admin.PostAsJsonAsync(TenantRoutes.Certificates, new { alias = "garbage", certificate });
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{name}: HTTP {(int)response.StatusCode} {text}");
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: HTTP {(int)response.StatusCode} {text}");
        Assert.Equal("MalformedCertificate", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Hostile.AssertCleanError(text);
        Assert.Null(_tenant.Host.Keystore.Current.Find("garbage"));
        await Hostile.AssertStillServesAsync(_tenant);
    }

    // SQLite's -wal/-shm/-journal files come and go with its checkpoints, whatever the request did.
    private static List<string> Durable(IEnumerable<string> files) =>
        files.Where(f => !System.Text.RegularExpressions.Regex.IsMatch(f, @"messages\.db-(wal|shm|journal)$")).ToList();

    private List<string> SandboxFiles() => Directory.EnumerateFileSystemEntries(fixture.Sandbox, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(fixture.Sandbox, f).Replace('\\', '/'))
        .Where(f => f != "data")
        .Order(StringComparer.Ordinal).ToList();

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x40;
        return copy;
    }

    /// <summary>SEQUENCE in SEQUENCE ... with indefinite lengths: BER nesting as deep as the input allows.</summary>
    private static byte[] DeepAsn1(int depth)
    {
        var bytes = new byte[depth * 4];
        for (var i = 0; i < depth; i++) { bytes[2 * i] = 0x30; bytes[2 * i + 1] = 0x80; }
        return bytes; // the trailing zeros are the end-of-contents markers
    }

    /// <summary>
    /// Made with OpenSSL 3.0 <c>openssl pkcs12 -export -legacy</c> (certificate bag pbeWithSHA1And40BitRC2-CBC,
    /// key bag pbeWithSHA1And3-KeyTripleDES-CBC, SHA-1 MAC; EC P-256, CN=legacy-rc2, valid 100 years), password "legacy".
    /// Stored rather than generated: .NET cannot write RC2 and the test must not depend on an openssl binary.
    /// </summary>
    private const string OpensslLegacyRc2Pfx =
        "MIIDggIBAzCCA0gGCSqGSIb3DQEHAaCCAzkEggM1MIIDMTCCAicGCSqGSIb3DQEHBqCCAhgwggIUAgEAMIICDQYJKoZIhvcNAQcBMBwGCiqGSIb3DQEMAQYw" +
        "DgQIAZrDi/4hScsCAggAgIIB4DZXSHYzAFuWjtRvkYSqJ6uHK3w9HDawnjYC7fUetJgb1zoGr4nfDCKlT4CKx2LwVP9wrBzdMFJp4052IqPPbuIo3rSqBIFe" +
        "EdRzcf9wUbN87c+eVMILkcDb55SPGp++IUfihO1BlklWm+RzbdmIXQ3oZTT5lDJ3b/A5LGl590tq5l8LL6MG0Y5cfnnSDfrldfg/OfsVcp/3WU2j6OfrvHVC" +
        "gHm/YEiqSQqPHdLtHhYOGgmidXLYrL1gQL1/8cL7AnQB6OeZN8eo3YECoQzlS+ZNe9nDU4w16fCeg+l0DUxtZkmT6vL7eOCLd7t1EDWjrbxlaY768uoQ1PWC" +
        "oQ87UHGWjw3UldGO9HSHsoge7Wj6aJH4dhZOqQJKUzVxpOBCSmreTR10VG61wX7m7p7SGtYfRqqMDAvpzdSB0SMQAB7TLuQoTh74Jranq4okQNoV/RhsYAZS" +
        "/jKcQBLTK/8H2369Xl35Xolq9/SrfC5Z/ye3z/WDXbPEMqoAW2cz9vwoM9/1pq1/yEBwWcr5845XW91vjgRgBvFDA3+Ofk/FzCy35DBGfwhhlG2xiq6642uM" +
        "qUi0Si+DKa4VNhmAX5mD/stAKtulUQZ65zYgRRWlWZ8/44LnRI8Fs1hU01TBRdoeijCCAQIGCSqGSIb3DQEHAaCB9ASB8TCB7jCB6wYLKoZIhvcNAQwKAQKg" +
        "gbQwgbEwHAYKKoZIhvcNAQwBAzAOBAjKaKibjzhx6QICCAAEgZDFwHAwYFT9ZiVKNsQI1Dj7e46dNbiTtsfo4zNw2E3pvupx3nJqTONfWM11OIFZEaAw7Ms4" +
        "bn6V0GGm9W9WdsSuzRPojtMEUjN9lpWVvaOxq/ZP19nMiFmnVqfOyHqiRpL5k2Cy6vI9ecohW1C9yo0J+dcrOlAln7+ZaCL8L3aNCvjw5/G4ReLzDTq1p9AR" +
        "cScxJTAjBgkqhkiG9w0BCRUxFgQUQj+38xypmxj06Jl/2zNbMh+BfKAwMTAhMAkGBSsOAwIaBQAEFBZWsnDTpnAUvT/DqiD16vGcZ+xRBAilOGSUoCUaEAIC" +
        "CAA=";
}
