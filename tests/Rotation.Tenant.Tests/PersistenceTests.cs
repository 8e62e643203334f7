using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>The data directory is the tenant's memory: keys, signer step and history survive restarts and crashes.</summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_keeps_keys_signer_step_and_history()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            string[] fingerprints;
            string historyJson;
            await using (var first = await TestTenant.StartAsync(dataDir: dir))
            {
                await first.CreateKeyPairAsync("ec-next", "EC", 384);
                await first.CreateKeyPairAsync("spare", "RSA", 2048);
                await first.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "ec-next" });
                await first.SendJsonAsync(HttpMethod.Post, TenantRoutes.Rename("spare"), new { newAlias = "spare-renamed" });
                await first.SetSignerAsync(new { alias = "tenant-signing", algorithm = "EcdsaSha512", keyReference = "IssuerSerial", timestampTimeToLiveSeconds = 90, aliasHeader = "X-Signer-Alias" });
                fingerprints = (await first.GetJsonAsync(TenantRoutes.Entries)).EnumerateArray().Select(e => e.GetProperty("fingerprint").GetString()!).ToArray();
                historyJson = (await first.GetJsonAsync(TenantRoutes.History)).GetRawText();
            }

            await using var second = await TestTenant.StartAsync(dataDir: dir);
            var entries = await second.GetJsonAsync(TenantRoutes.Entries);
            Assert.Equal(fingerprints, entries.EnumerateArray().Select(e => e.GetProperty("fingerprint").GetString()!).ToArray());
            Assert.Equal(["spare-renamed", "tenant-signing"], entries.EnumerateArray().Select(e => e.GetProperty("alias").GetString()!).ToArray());
            Assert.Equal(historyJson, (await second.GetJsonAsync(TenantRoutes.History)).GetRawText());
            var signer = await second.GetJsonAsync(TenantRoutes.Signer);
            Assert.Equal(SignatureAlgorithm.EcdsaSha512, signer.GetProperty("algorithm").Deserialize<SignatureAlgorithm>(TestTenant.Json));
            Assert.Equal(KeyReference.IssuerSerial, signer.GetProperty("keyReference").Deserialize<KeyReference>(TestTenant.Json));
            Assert.Equal(90, signer.GetProperty("timestampTimeToLiveSeconds").GetDouble());
            Assert.Equal("X-Signer-Alias", signer.GetProperty("aliasHeader").GetString());

            // The reloaded private key still signs, and the signature verifies with the certificate from before the restart.
            var certificate = await second.CertificateAsync("tenant-signing");
            Assert.Contains(CertificateInfo.Fingerprint(certificate), fingerprints);
            var (status, body, _) = await Soap.SendAsync(second.Anonymous, second.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after-restart"));
            Assert.Equal(200, status);
            var result = Soap.Verify(body, certificate);
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(SignatureAlgorithm.EcdsaSha512, result.Algorithm);
            Assert.Equal(KeyReference.IssuerSerial, result.KeyReference);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Secrets_and_keystore_files_are_owner_only_and_the_keystore_is_encrypted_pkcs12()
    {
        await using var tenant = await TestTenant.StartAsync(o => o with { AdminToken = null, KeystorePassword = null });
        var tokenFile = tenant.Host.AdminTokenFile;
        Assert.NotNull(tokenFile);
        Assert.Equal(tenant.Host.AdminToken, File.ReadAllText(tokenFile).Trim());
        var p12 = Directory.GetFiles(tenant.DataDir, "keystore.*.p12").Single();
        foreach (var file in new[] { tokenFile, p12, Path.Combine(tenant.DataDir, "keystore.password"), Path.Combine(tenant.DataDir, "tenant-state.json") })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        // Without the password nothing opens; with it, the private key is there (PBES2/AES-256 as exported).
        var bytes = File.ReadAllBytes(p12);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12Collection(bytes, "wrong"));
        var password = File.ReadAllText(Path.Combine(tenant.DataDir, "keystore.password")).Trim();
        var loaded = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12Collection(bytes, password);
        Assert.Contains(loaded, c => c.HasPrivateKey);
        Assert.Contains("2.16.840.1.101.3.4.1.42", Asn1Oids(bytes)); // aes256-CBC
        Assert.Contains("1.2.840.113549.1.5.12", Asn1Oids(bytes));   // PBKDF2

        using var anonymous = new HttpClient { BaseAddress = tenant.Host.BaseAddress };
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", File.ReadAllText(tokenFile).Trim());
        Assert.True((await anonymous.GetAsync(TenantRoutes.Entries)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_wrong_keystore_password_stops_the_start_with_a_clear_message_and_leaves_the_keystore_alone()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            await using (await TestTenant.StartAsync(o => o with { KeystorePassword = "right" }, dataDir: dir)) { }
            var before = Directory.GetFiles(dir, "keystore.*").ToDictionary(f => f, File.ReadAllBytes);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestTenant.StartAsync(o => o with { KeystorePassword = "wrong" }, dataDir: dir));
            Assert.Contains("keystore password", error.Message, StringComparison.Ordinal);
            foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));

            await using var again = await TestTenant.StartAsync(o => o with { KeystorePassword = "right" }, dataDir: dir);
            Assert.Equal(1, (await again.GetJsonAsync(TenantRoutes.Entries)).GetArrayLength());
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task Leftovers_of_a_crash_are_cleaned_and_the_committed_state_loads()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            string fingerprint;
            await using (var first = await TestTenant.StartAsync(dataDir: dir))
                fingerprint = (await first.GetJsonAsync(TenantRoutes.Entry("tenant-signing"))).GetProperty("fingerprint").GetString()!;

            // A crash mid-write leaves a temp file, or a next generation's PKCS#12 without the metadata that commits it.
            File.WriteAllText(Path.Combine(dir, ".keystore.json.0123abcd.tmp"), "{ half a json");
            File.WriteAllBytes(Path.Combine(dir, "keystore.999.p12"), [0x30, 0x82, 0x01]);

            await using var second = await TestTenant.StartAsync(dataDir: dir);
            Assert.Equal(fingerprint, (await second.GetJsonAsync(TenantRoutes.Entry("tenant-signing"))).GetProperty("fingerprint").GetString());
            Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
            Assert.False(File.Exists(Path.Combine(dir, "keystore.999.p12")));
            Assert.Single(Directory.GetFiles(dir, "keystore.*.p12"));
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task Empty_keystore_gets_the_default_key_pair_rsa_4096_sha512_three_years()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var tenant = await TestTenant.StartAsync(o => o with { InitialKeyAlgorithm = new TenantOptionsDefaults().InitialKeyAlgorithm }, time);
        var entry = await tenant.GetJsonAsync(TenantRoutes.Entry("tenant-signing"));
        Assert.Equal("RSA", entry.GetProperty("keyAlgorithm").GetString());
        Assert.Equal(4096, entry.GetProperty("keySize").GetInt32());
        var certificate = await tenant.CertificateAsync("tenant-signing");
        Assert.Equal("1.2.840.113549.1.1.13", certificate.SignatureAlgorithm.Value); // sha512WithRSAEncryption
        Assert.Equal(3 * 365, (int)Math.Round((certificate.NotAfter - time.GetUtcNow().UtcDateTime).TotalDays));
        Assert.Equal(1, (await tenant.GetJsonAsync(TenantRoutes.Entries)).GetArrayLength());
    }

    private static HashSet<string> Asn1Oids(byte[] der)
    {
        var oids = new HashSet<string>();
        void Walk(System.Formats.Asn1.AsnReader reader)
        {
            while (reader.HasData)
            {
                var tag = reader.PeekTag();
                if (tag.HasSameClassAndValue(System.Formats.Asn1.Asn1Tag.ObjectIdentifier)) oids.Add(reader.ReadObjectIdentifier());
                else if (tag.IsConstructed)
                {
                    var encoded = reader.ReadEncodedValue();
                    System.Formats.Asn1.AsnDecoder.ReadEncodedValue(encoded.Span, System.Formats.Asn1.AsnEncodingRules.BER, out var offset, out var length, out _);
                    Walk(new System.Formats.Asn1.AsnReader(encoded.Slice(offset, length), System.Formats.Asn1.AsnEncodingRules.BER));
                }
                else if (tag.HasSameClassAndValue(System.Formats.Asn1.Asn1Tag.PrimitiveOctetString))
                {
                    // PKCS#12 wraps its inner structures in OCTET STRINGs; encrypted ones do not parse, which is fine.
                    var content = reader.ReadOctetString();
                    try { Walk(new System.Formats.Asn1.AsnReader(content, System.Formats.Asn1.AsnEncodingRules.BER)); }
                    catch (Exception e) when (e is System.Formats.Asn1.AsnContentException or ArgumentException) { }
                }
                else reader.ReadEncodedValue();
            }
        }
        Walk(new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.BER));
        return oids;
    }

    private sealed class TenantOptionsDefaults
    {
        public KeyAlgorithm InitialKeyAlgorithm { get; } = new Rotation.Tenant.Hosting.TenantOptions { DataDir = "unused" }.InitialKeyAlgorithm;
    }
}
