using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.State;

/// <summary>
/// A data directory written before the tenant state was one (keystore.json + keystore.5.p12 + signer-step.json, no flow
/// settings): Fixtures/legacy-data-dir was written by the tenant-service of commit 56411d7 (a key pair exchanged, an RSA
/// key pair, a certificate, a changed signer step with an alias header). It loads as it was, and its first change
/// converts it to tenant-state.json.
/// </summary>
public sealed class LegacyDataDirectoryTests
{
    private const string Current = "65fb3c78a07a189115b408a2afeb3d70470610abb1b8764cb6c344eed99b6107";
    private const string Retired = "44cf52b873934ecfbee240a24281863051abeb12023631c2e94d90dcac2fae44";
    private const string Spare = "ec77b0427dfee2f175108cf10854ab36f40469dc6f3b4ea3f8b0d39c52c253d7";

    [Fact]
    public async Task A_directory_of_the_former_layout_loads_and_is_converted_at_its_first_change()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "legacy-data-dir")))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var auditBefore = File.ReadAllLines(Path.Combine(dir, "audit.log"));

            await using (var tenant = await TestTenant.StartAsync(o => o with { KeystorePassword = null }, dataDir: dir))
            {
                var entries = (await tenant.GetJsonAsync(TenantRoutes.Entries)).EnumerateArray()
                    .ToDictionary(e => e.GetProperty("alias").GetString()!, e => (Kind: e.GetProperty("kind").Deserialize<EntryKind>(TestTenant.Json), Fingerprint: e.GetProperty("fingerprint").GetString()));
                Assert.Equal((EntryKind.KeyPair, Current), entries["tenant-signing"]);
                Assert.Equal((EntryKind.KeyPair, Spare), entries["spare"]);
                Assert.Equal((EntryKind.Certificate, Spare), entries["partner"]);
                Assert.Equal(Retired, Assert.Single((await tenant.GetJsonAsync(TenantRoutes.History)).EnumerateArray()).GetProperty("fingerprint").GetString());
                var signer = await tenant.GetJsonAsync(TenantRoutes.Signer);
                Assert.Equal(SignatureAlgorithm.EcdsaSha384, signer.GetProperty("algorithm").Deserialize<SignatureAlgorithm>(TestTenant.Json));
                Assert.Equal(KeyReference.IssuerSerial, signer.GetProperty("keyReference").Deserialize<KeyReference>(TestTenant.Json));
                Assert.Equal(120, signer.GetProperty("timestampTimeToLiveSeconds").GetDouble());
                Assert.Equal("X-Signer-Alias", signer.GetProperty("aliasHeader").GetString());
                // The former layout had no allow-list: the header may name only the step's own alias now.
                Assert.Equal(0, signer.GetProperty("allowedAliases").GetArrayLength());
                Assert.Equal(5, tenant.Host.State.Current.Generation);

                // The stored private key signs, with the stored signer step.
                var certificate = await tenant.CertificateAsync("tenant-signing");
                Assert.Equal(Current, CertificateInfo.Fingerprint(certificate));
                var (status, body, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "legacy"));
                Assert.Equal(200, status);
                var verified = Soap.Verify(body, certificate);
                Assert.True(verified.IsValid, verified.ToString());
                Assert.Equal(SignatureAlgorithm.EcdsaSha384, verified.Algorithm);
                Assert.Equal(KeyReference.IssuerSerial, verified.KeyReference);

                // Nothing was rewritten by loading; the first change writes the new layout and retires the old files.
                Assert.True(File.Exists(Path.Combine(dir, "keystore.json")));
                await tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 3, failureShare = 0 });
                Assert.Equal(6, tenant.Host.State.Current.Generation);
            }
            Assert.True(File.Exists(Path.Combine(dir, "tenant-state.json")));
            Assert.False(File.Exists(Path.Combine(dir, "keystore.json")));
            Assert.False(File.Exists(Path.Combine(dir, "signer-step.json")));
            Assert.Equal(auditBefore, File.ReadAllLines(Path.Combine(dir, "audit.log")).Take(auditBefore.Length));

            await using var restarted = await TestTenant.StartAsync(o => o with { KeystorePassword = null }, dataDir: dir);
            Assert.Equal(6, restarted.Host.State.Current.Generation);
            Assert.Equal(3, (await restarted.GetJsonAsync(TenantRoutes.Flow)).GetProperty("processingLatencyMs").GetDouble());
            Assert.Equal(SignatureAlgorithm.EcdsaSha384, (await restarted.GetJsonAsync(TenantRoutes.Signer)).GetProperty("algorithm").Deserialize<SignatureAlgorithm>(TestTenant.Json));
            Assert.Equal(3, (await restarted.GetJsonAsync(TenantRoutes.Entries)).GetArrayLength());
            Assert.Single(Directory.GetFiles(dir, "keystore.*.p12"));
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }
}
