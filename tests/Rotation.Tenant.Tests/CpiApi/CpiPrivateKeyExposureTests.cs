using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rotation.Shared.Certificates;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>Private keys never leave through the platform's API either: every /api/v1 route is called and every answer searched.</summary>
public sealed class CpiPrivateKeyExposureTests
{
    [Fact]
    public async Task No_api_v1_route_returns_private_key_material()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        using var uploaded = TestCertificates.CurrentlyValid("CN=uploaded", KeyAlgorithm.EcP256, days: 9);
        var uploadedPfx = uploaded.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "pw");
        using var replacement = TestCertificates.CurrentlyValid("CN=replacement", KeyAlgorithm.EcP256, days: 9);

        var called = new HashSet<string>();
        var responses = new List<(string Route, byte[] Body)>();
        async Task Call(string method, string pattern, string path, HttpContent? content = null)
        {
            var (status, body, response) = method == "GET" ? await client.GetAsync(path) : await client.SendAsync(new HttpMethod(method), path, content);
            response.Dispose();
            Assert.True((int)status < 400, $"{method} {path}: {(int)status} {body}");
            responses.Add(($"{method} {path} → {(int)status}", Encoding.UTF8.GetBytes(body)));
            called.Add($"{method} {pattern}");
        }
        string Hex(string alias) => CpiClient.Hex(alias);

        await Call("POST", "/api/v1/KeyPairGenerationRequests", "/api/v1/KeyPairGenerationRequests",
            CpiClient.Json("""{"Hexalias":"x","Alias":"made","CommonName":"Made","Country":"DE","KeyType":"EC"}"""));
        await Call("POST", "/api/v1/KeyPairResources", "/api/v1/KeyPairResources?update=false", CpiClient.Json(JsonSerializer.Serialize(new
        {
            Hexalias = "x", Alias = "imported", Password = "pw", Resource = Convert.ToBase64String(uploadedPfx),
        })));
        await Call("POST", "/api/v1/KeyPairResources", "/api/v1/KeyPairResources?update=true", CpiClient.Json(JsonSerializer.Serialize(new
        {
            Hexalias = "x", Alias = "tenant-signing", Password = "pw", Resource = Convert.ToBase64String(replacement.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "pw")),
        })));
        await Call("PUT", "/api/v1/CertificateResources('{hex}')/$value", $"/api/v1/CertificateResources('{Hex("cert")}')/$value", new StringContent(uploaded.ExportCertificatePem()));
        using (var ca = Chains.ChainImport.NewCa())
            await Call("PUT", "/api/v1/CertificateChainResources('{hex}')/$value", $"/api/v1/CertificateChainResources('{Hex("made")}')/$value",
                new StringContent(await Chains.ChainImport.SignedChainAsync(tenant, "made", ca)));
        await Call("PUT", "/api/v1/KeystoreEntries('{hex}')", $"/api/v1/KeystoreEntries('{Hex("made")}')?renameAlias=made-2", CpiClient.Json("""{"Alias":null}"""));
        // The backup keystore holds key pairs with their private keys: its answers are searched too.
        await Call("POST", "/api/v1/KeystoreResources", "/api/v1/KeystoreResources", CpiClient.Json($$"""{"Name":"{{CpiFixtures.BackupKeystore}}"}"""));
        await Call("PUT", "/api/v1/KeystoreResources('{name}')", $"/api/v1/KeystoreResources('system')?retrieveBackup={CpiFixtures.BackupKeystore}&importOption=overwrite",
            CpiClient.Json("""{"Aliases":"made-2"}"""));
        await Call("GET", "/api/v1/KeystoreEntries", $"/api/v1/KeystoreEntries?keystoreName={CpiFixtures.BackupKeystore}");
        await Call("GET", "/api/v1/Keystores('{name}')", $"/api/v1/Keystores('{CpiFixtures.BackupKeystore}')?$expand=Entries");
        await Call("GET", "/api/v1/KeystoreEntries('{hex}')", $"/api/v1/KeystoreEntries('{Hex("made-2")}')?keystoreName={CpiFixtures.BackupKeystore}");

        var snapshot = tenant.Host.Keystore.Current;
        await Call("GET", "/api/v1/", "/api/v1/");
        await Call("GET", "/api/v1/KeystoreEntries", "/api/v1/KeystoreEntries");
        foreach (var alias in snapshot.Entries.Keys.Where(a => snapshot.Entries[a].Kind == Rotation.Tenant.Contracts.EntryKind.KeyPair))
        {
            await Call("GET", "/api/v1/KeystoreEntries('{hex}')", $"/api/v1/KeystoreEntries('{Hex(alias)}')");
            await Call("GET", "/api/v1/KeystoreEntries('{hex}')/Certificate/$value", $"/api/v1/KeystoreEntries('{Hex(alias)}')/Certificate/$value");
            await Call("GET", "/api/v1/KeystoreEntries('{hex}')/SigningRequest/$value", $"/api/v1/KeystoreEntries('{Hex(alias)}')/SigningRequest/$value");
            await Call("GET", "/api/v1/KeystoreEntries('{hex}')/ChainCertificates", $"/api/v1/KeystoreEntries('{Hex(alias)}')/ChainCertificates");
        }
        var historyHex = Hex(snapshot.History.Single().Id);
        await Call("GET", "/api/v1/HistoryKeystoreEntries", "/api/v1/HistoryKeystoreEntries");
        await Call("GET", "/api/v1/HistoryKeystoreEntries('{hex}')", $"/api/v1/HistoryKeystoreEntries('{historyHex}')");
        await Call("GET", "/api/v1/KeystoreEntries('{hex}')/Certificate/$value", $"/api/v1/KeystoreEntries('{historyHex}')/Certificate/$value?keystoreName=KeyHistory");
        await Call("GET", "/api/v1/Keystores('{name}')", "/api/v1/Keystores('system')?$expand=Entries");
        await Call("GET", "/api/v1/Keystores('{name}')/Size/$value", "/api/v1/Keystores('system')/Size/$value");
        await Call("DELETE", "/api/v1/KeystoreEntries('{hex}')", $"/api/v1/KeystoreEntries('{Hex("cert")}')");
        using (var oauth = new HttpRequestMessage(HttpMethod.Post, "/oauth/token?grant_type=client_credentials"))
        {
            oauth.Headers.Authorization = CpiClient.Basic(CpiClient.ClientId, CpiClient.ClientSecret);
            using var response = await client.Http.SendAsync(oauth);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            responses.Add(("POST /oauth/token", await response.Content.ReadAsByteArrayAsync()));
        }

        // Every route of the platform's API was called (the catch-all aside): a new route cannot slip past this test.
        var mapped = tenant.Host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("**", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        Assert.Empty(mapped.Except(called));

        var current = tenant.Host.Keystore.Current;
        var secrets = current.Entries.Values.Where(e => e.Kind == Rotation.Tenant.Contracts.EntryKind.KeyPair).Select(e => e.Certificate)
            .Concat(current.History.Select(h => h.Certificate)).Append(uploaded).Append(replacement)
            .Select(PrivateKeyExposureTests.PrivateKeyPkcs8)
            .SelectMany(pkcs8 => new[] { ("PKCS#8 DER", pkcs8), ("PKCS#8 base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(pkcs8)[..64])) })
            .Append(("uploaded PKCS#12 base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(uploadedPfx)[..64])))
            .Append(("PEM private key label", "PRIVATE KEY"u8.ToArray()))
            .ToList();
        foreach (var (route, body) in responses)
        foreach (var (what, bytes) in secrets)
            Assert.False(body.AsSpan().IndexOf(bytes) >= 0, $"{route} contains {what}");
    }
}
