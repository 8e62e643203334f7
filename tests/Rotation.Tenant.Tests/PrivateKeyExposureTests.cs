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
        using var uploaded = TestCertificates.CurrentlyValid("CN=uploaded", KeyAlgorithm.EcP256, days: 9);
        var uploadedPfx = uploaded.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "pw");

        // Every admin route the app maps, to tell which one answered each call.
        var mapped = tenant.Host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/admin", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var called = new HashSet<string>();
        var responses = new List<(string Route, byte[] Body)>();
        async Task Call(string method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = JsonContent.Create(body, options: TestTenant.Json);
            using var response = await tenant.Admin.SendAsync(request);
            responses.Add(($"{method} {path} → {(int)response.StatusCode}", await response.Content.ReadAsByteArrayAsync()));
            called.Add(RouteOf(mapped, method, path));
        }

        // Mutations first (their responses are searched too), then every read with every format.
        await Call("POST", TenantRoutes.KeyPairs, new { alias = "made", keyAlgorithm = "EC", keySize = 256 });
        await Call("POST", TenantRoutes.KeyPairImport, new { alias = "imported", pkcs12 = Convert.ToBase64String(uploadedPfx), password = "pw" });
        await Call("POST", TenantRoutes.Certificates, new { alias = "cert", certificate = uploaded.ExportCertificatePem() });
        await Call("POST", TenantRoutes.Rename("made"), new { newAlias = "made-2" });
        await Call("POST", TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        await Call("PUT", TenantRoutes.Signer, new { alias = "tenant-signing", keyReference = "IssuerSerial" });
        using (var ca = Chains.ChainImport.NewCa())
            await Call("PUT", TenantRoutes.Chain("tenant-signing"), new { chain = await Chains.ChainImport.SignedChainAsync(tenant, "tenant-signing", ca) });
        await Call("PUT", TenantRoutes.Flow, new { processingLatencyMs = 0, failureShare = 0 });
        // The inbound view describes the entries under the listed aliases, a key pair's among them.
        await Call("PUT", TenantRoutes.Inbound, new { mode = "Off", publicKeyAliases = new[] { "tenant-signing", "cert" } });
        await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "walk"));
        // The backup keystore holds key pairs with their private keys: its answers are searched too.
        await Call("POST", TenantRoutes.Backup, new { });
        await Call("POST", TenantRoutes.BackupRestore, new { mode = "Overwrite", aliases = new[] { "tenant-signing" } });
        await Call("GET", TenantRoutes.Backup);

        var snapshot = tenant.Host.Keystore.Current;
        var historyId = snapshot.History.Single().Id;
        var aliases = snapshot.Entries.Keys.ToList();
        foreach (var alias in aliases)
        {
            await Call("GET", TenantRoutes.Entry(alias));
            foreach (var format in new[] { "pem", "der" })
                await Call("GET", TenantRoutes.Certificate(alias, format));
            await Call("GET", TenantRoutes.Csr(alias));
            await Call("GET", TenantRoutes.Chain(alias));
        }
        await Call("GET", TenantRoutes.Entries);
        await Call("GET", TenantRoutes.History);
        await Call("GET", TenantRoutes.HistoryEntry(historyId));
        foreach (var format in new[] { "pem", "der" })
            await Call("GET", TenantRoutes.HistoryCertificate(historyId, format));
        await Call("GET", TenantRoutes.Signer);
        await Call("GET", TenantRoutes.Flow);
        await Call("GET", TenantRoutes.Inbound);
        await Call("GET", TenantRoutes.VerifiedInFlight);
        await Call("GET", TenantRoutes.Messages);
        await Call("GET", TenantRoutes.MessageCounts);
        await Call("GET", TenantRoutes.InFlight);
        await Call("GET", TenantRoutes.Audit);
        await Call("GET", TenantRoutes.Cluster);
        await Call("POST", TenantRoutes.WaitUntilDrained(snapshot.Entries["tenant-signing"].Fingerprint, TimeSpan.FromMilliseconds(10)));
        await Call("POST", TenantRoutes.WaitUntilVerifiedDrained(snapshot.Entries["cert"].Fingerprint, TimeSpan.FromMilliseconds(10)));
        await Call("DELETE", TenantRoutes.HistoryEntry(historyId));
        await Call("DELETE", TenantRoutes.Entry("cert"));
        foreach (var open in new[] { "/health/ready", "/metrics", "/openapi/v1.json", "/cxf/orders?wsdl" })
            responses.Add(($"GET {open}", await tenant.Anonymous.GetByteArrayAsync(open)));

        // Every admin route the app maps was called (a new route cannot slip past this test).
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

    /// <summary>
    /// The mapped route ("METHOD pattern") a call reaches: its method, and its path segment by segment, a literal
    /// before a {parameter} as routing prefers it.
    /// </summary>
    private static string RouteOf(IEnumerable<string> mapped, string method, string path)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var route = mapped
            .Select(m => (Route: m, Method: m[..m.IndexOf(' ', StringComparison.Ordinal)], Segments: m[(m.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim('/').Split('/')))
            .Where(m => m.Method == method && m.Segments.Length == segments.Length
                        && m.Segments.Zip(segments).All(s => s.First.StartsWith('{') || string.Equals(s.First, s.Second, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(m => m.Segments.Count(s => s.StartsWith('{')))
            .Select(m => m.Route)
            .FirstOrDefault();
        Assert.True(route is not null, $"{method} {path} reaches no mapped admin route");
        return route;
    }

    internal static byte[] PrivateKeyPkcs8(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null) return rsa.ExportPkcs8PrivateKey();
        using var ec = certificate.GetECDsaPrivateKey()!;
        return ec.ExportPkcs8PrivateKey();
    }
}
