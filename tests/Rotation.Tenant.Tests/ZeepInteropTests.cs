using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// A real Python client (zeep + xmlsec) built from our WSDL: it signs its request with its own key
/// (our endpoint must accept the mustUnderstand Security header) and verifies our signed response.
/// </summary>
public sealed class ZeepInteropTests
{
    private const string Client = """
        import json, sys, zeep
        from zeep.wsse.signature import BinarySignature, _make_verify_key, _verify_envelope_with_key

        wsdl, port, key, cert, tenant_cert = sys.argv[1:6]

        class SignRequestVerifyTenant(BinarySignature):
            # zeep verifies responses with the client's own certificate by default; ours come from the tenant.
            def verify(self, envelope):
                with open(tenant_cert, "rb") as f:
                    _verify_envelope_with_key(envelope, _make_verify_key(f.read()))
                return envelope

        client = zeep.Client(wsdl, wsse=SignRequestVerifyTenant(key, cert))
        service = client.bind("OrderService", port)
        try:
            r = service.SubmitOrder(request={"OrderId": "z-1", "CustomerId": "py", "Currency": "EUR",
                "Lines": {"Line": [{"Sku": "A", "Quantity": 2, "UnitPrice": "1.25"}, {"Sku": "B", "Quantity": 1, "UnitPrice": "7"}]},
                "Note": "from zeep"})
            print(json.dumps({"ok": True, "orderId": r.OrderId, "total": str(r.Total), "confirmationId": r.ConfirmationId, "echo": r.Echo}))
        except zeep.exceptions.SignatureVerificationFailed:
            print(json.dumps({"ok": False, "error": "SignatureVerificationFailed"}))
        """;

    [Theory]
    [InlineData("BasicHttpBinding_OrderService_soap", "BinarySecurityToken", "RSA")]
    [InlineData("BasicHttpBinding_OrderService_soap12", "IssuerSerial", "RSA")]
    [InlineData("BasicHttpBinding_OrderService_soap", "IssuerSerial", "EC")]
    [InlineData("BasicHttpBinding_OrderService_soap12", "BinarySecurityToken", "EC")]
    public async Task Zeep_client_from_our_wsdl_signs_its_request_and_verifies_our_response(string port, string keyReference, string keyAlgorithm)
    {
        await using var tenant = await TestTenant.StartAsync();
        await tenant.CreateKeyPairAsync("zeep-signing", keyAlgorithm, keyAlgorithm == "RSA" ? 2048 : 256);
        await tenant.SetSignerAsync(new { alias = "zeep-signing", keyReference, algorithm = "auto" });
        var work = Directory.CreateTempSubdirectory("rotation-zeep-").FullName;
        try
        {
            var tenantCert = Path.Combine(work, "tenant.pem");
            await File.WriteAllTextAsync(tenantCert, (await tenant.CertificateAsync("zeep-signing")).ExportCertificatePem());
            var (clientKey, clientCert) = await WriteClientKeyAsync(work);

            var ok = await RunZeepAsync(work, tenant, port, clientKey, clientCert, tenantCert);
            Assert.True(ok.GetProperty("ok").GetBoolean(), ok.GetRawText());
            Assert.Equal("z-1", ok.GetProperty("orderId").GetString());
            Assert.Equal(9.5m, decimal.Parse(ok.GetProperty("total").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.StartsWith("CNF-", ok.GetProperty("confirmationId").GetString());
            Assert.Equal("from zeep", ok.GetProperty("echo").GetString());

            // The same client with another "tenant" certificate must refuse our response: zeep really verifies.
            var otherCert = Path.Combine(work, "other.pem");
            using var other = CertificateFactory.CreateSelfSigned("CN=other", keyAlgorithm == "RSA" ? KeyAlgorithm.Rsa2048 : KeyAlgorithm.EcP256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(otherCert, other.ExportCertificatePem());
            var refused = await RunZeepAsync(work, tenant, port, clientKey, clientCert, otherCert);
            Assert.False(refused.GetProperty("ok").GetBoolean(), refused.GetRawText());
        }
        finally
        {
            TestTenant.TryDelete(work);
        }
    }

    private static async Task<(string Key, string Cert)> WriteClientKeyAsync(string work)
    {
        using var client = CertificateFactory.CreateSelfSigned("CN=zeep-sender", KeyAlgorithm.Rsa2048, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var rsa = client.GetRSAPrivateKey()!;
        var key = Path.Combine(work, "client.key");
        var cert = Path.Combine(work, "client.pem");
        await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(cert, client.ExportCertificatePem());
        return (key, cert);
    }

    private static async Task<JsonElement> RunZeepAsync(string work, TestTenant tenant, string port, string key, string cert, string tenantCert)
    {
        var script = Path.Combine(work, "client.py");
        await File.WriteAllTextAsync(script, Client);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, tenant.Endpoint + "?wsdl", port, key, cert, tenantCert }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"zeep failed ({process.ExitCode}): {await stderr}");
        return JsonDocument.Parse((await stdout).Trim().Split('\n')[^1]).RootElement.Clone();
    }
}
