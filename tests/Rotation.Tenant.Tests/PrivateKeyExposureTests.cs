using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>Private keys never leave: every route is called and every response searched for key material.</summary>
public sealed class PrivateKeyExposureTests
{
    [Fact]
    public async Task No_route_returns_private_key_material()
    {
        await using var tenant = await TestTenant.StartAsync();
        await tenant.CreateKeyPairAsync("next", "RSA", 2048);
        await tenant.CreateKeyPairAsync("ec", "EC", 384);
        using var uploaded = CertificateFactory.CreateSelfSigned("CN=uploaded", KeyAlgorithm.EcP256, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(9));
        var uploadedPfx = uploaded.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "pw");

        var called = new HashSet<string>();
        var responses = new List<(string Route, byte[] Body)>();
        async Task Call(string method, string pattern, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = JsonContent.Create(body, options: TestTenant.Json);
            using var response = await tenant.Admin.SendAsync(request);
            responses.Add(($"{method} {path} → {(int)response.StatusCode}", await response.Content.ReadAsByteArrayAsync()));
            called.Add($"{method} {pattern}");
        }

        // Mutations first (their responses are searched too), then every read with every format.
        await Call("POST", "/admin/keystore/entries/key-pairs", "/admin/keystore/entries/key-pairs", new { alias = "made", keyAlgorithm = "EC", keySize = 256 });
        await Call("POST", "/admin/keystore/entries/key-pairs/import", "/admin/keystore/entries/key-pairs/import", new { alias = "imported", pkcs12 = Convert.ToBase64String(uploadedPfx), password = "pw" });
        await Call("POST", "/admin/keystore/entries/certificates", "/admin/keystore/entries/certificates", new { alias = "cert", certificate = uploaded.ExportCertificatePem() });
        await Call("POST", "/admin/keystore/entries/{alias}/rename", "/admin/keystore/entries/made/rename", new { newAlias = "made-2" });
        await Call("POST", "/admin/keystore/entries/{alias}/exchange", "/admin/keystore/entries/tenant-signing/exchange", new { fromAlias = "next" });
        await Call("PUT", "/admin/signer/", "/admin/signer", new { alias = "tenant-signing", keyReference = "IssuerSerial" });
        using (var ca = Chains.ChainImport.NewCa())
            await Call("PUT", "/admin/keystore/entries/{alias}/chain", "/admin/keystore/entries/tenant-signing/chain",
                new { chain = await Chains.ChainImport.SignedChainAsync(tenant, "tenant-signing", ca) });
        await Call("PUT", "/admin/flow/", "/admin/flow", new { processingLatencyMs = 0, failureShare = 0 });
        // The inbound view describes the entries under the listed aliases, a key pair's among them.
        await Call("PUT", "/admin/flow/inbound", "/admin/flow/inbound", new { mode = "Off", publicKeyAliases = new[] { "tenant-signing", "cert" } });
        await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "walk"));
        // The backup keystore holds key pairs with their private keys: its answers are searched too.
        await Call("POST", "/admin/keystore/backup/", "/admin/keystore/backup", new { });
        await Call("POST", "/admin/keystore/backup/restore", "/admin/keystore/backup/restore", new { mode = "Overwrite", aliases = new[] { "tenant-signing" } });
        await Call("GET", "/admin/keystore/backup/", "/admin/keystore/backup");

        var snapshot = tenant.Host.Keystore.Current;
        var historyId = snapshot.History.Single().Id;
        var aliases = snapshot.Entries.Keys.ToList();
        foreach (var alias in aliases)
        {
            await Call("GET", "/admin/keystore/entries/{alias}", $"/admin/keystore/entries/{alias}");
            foreach (var format in new[] { "pem", "der" })
                await Call("GET", "/admin/keystore/entries/{alias}/certificate", $"/admin/keystore/entries/{alias}/certificate?format={format}");
            await Call("GET", "/admin/keystore/entries/{alias}/csr", $"/admin/keystore/entries/{alias}/csr");
            await Call("GET", "/admin/keystore/entries/{alias}/chain", $"/admin/keystore/entries/{alias}/chain");
        }
        await Call("GET", "/admin/keystore/entries/", "/admin/keystore/entries");
        await Call("GET", "/admin/keystore/history/", "/admin/keystore/history");
        await Call("GET", "/admin/keystore/history/{id}", $"/admin/keystore/history/{historyId}");
        foreach (var format in new[] { "pem", "der" })
            await Call("GET", "/admin/keystore/history/{id}/certificate", $"/admin/keystore/history/{historyId}/certificate?format={format}");
        await Call("GET", "/admin/signer/", "/admin/signer");
        await Call("GET", "/admin/flow/", "/admin/flow");
        await Call("GET", "/admin/flow/inbound", "/admin/flow/inbound");
        await Call("GET", "/admin/messages/in-flight/verified", "/admin/messages/in-flight/verified");
        await Call("GET", "/admin/messages/", "/admin/messages");
        await Call("GET", "/admin/messages/counts", "/admin/messages/counts");
        await Call("GET", "/admin/messages/in-flight", "/admin/messages/in-flight");
        await Call("GET", "/admin/audit", "/admin/audit");
        await Call("GET", "/admin/cluster", "/admin/cluster");
        await Call("POST", "/admin/messages/in-flight/{fingerprint}/wait", $"/admin/messages/in-flight/{snapshot.Entries["tenant-signing"].Fingerprint}/wait?timeoutMs=10");
        await Call("POST", "/admin/messages/in-flight/verified/{fingerprint}/wait", $"/admin/messages/in-flight/verified/{snapshot.Entries["cert"].Fingerprint}/wait?timeoutMs=10");
        await Call("DELETE", "/admin/keystore/history/{id}", $"/admin/keystore/history/{historyId}");
        await Call("DELETE", "/admin/keystore/entries/{alias}", "/admin/keystore/entries/cert");
        foreach (var open in new[] { "/health/ready", "/metrics", "/openapi/v1.json", "/cxf/orders?wsdl" })
            responses.Add(($"GET {open}", await tenant.Anonymous.GetByteArrayAsync(open)));

        // Every admin route the app maps was called (a new route cannot slip past this test).
        var mapped = tenant.Host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/admin", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        Assert.Empty(mapped.Except(called));

        // What must never appear: private keys in any encoding, and the keystore's PKCS#12 or password.
        var secrets = new List<(string What, byte[] Bytes)>();
        foreach (var certificate in snapshot.Entries.Values.Where(e => e.Kind == Rotation.Tenant.Contracts.EntryKind.KeyPair).Select(e => e.Certificate)
                     .Concat(snapshot.History.Select(h => h.Certificate)).Append(uploaded))
        {
            var pkcs8 = PrivateKeyPkcs8(certificate);
            secrets.Add(("PKCS#8 DER", pkcs8));
            secrets.Add(("PKCS#8 base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(pkcs8)[..64])));
        }
        var p12 = File.ReadAllBytes(Directory.GetFiles(tenant.DataDir, "keystore.*.p12").Single());
        secrets.Add(("keystore PKCS#12", p12[..64]));
        secrets.Add(("keystore PKCS#12 base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(p12)[..64])));
        secrets.Add(("uploaded PKCS#12 base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(uploadedPfx)[..64])));
        secrets.Add(("keystore password", Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(tenant.DataDir, "keystore.password")).Trim())));
        secrets.Add(("PEM private key label", "PRIVATE KEY"u8.ToArray()));

        Assert.True(responses.Count > 25);
        foreach (var (route, body) in responses)
        foreach (var (what, bytes) in secrets)
            Assert.False(body.AsSpan().IndexOf(bytes) >= 0, $"{route} contains {what}");
    }

    internal static byte[] PrivateKeyPkcs8(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null) return rsa.ExportPkcs8PrivateKey();
        using var ec = certificate.GetECDsaPrivateKey()!;
        return ec.ExportPkcs8PrivateKey();
    }
}
