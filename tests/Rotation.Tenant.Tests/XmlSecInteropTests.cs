using System.Diagnostics;
using System.Text;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>The exact bytes the tenant puts on the wire verify with xmlsec1 (libxmlsec1/OpenSSL), an independent stack.</summary>
public sealed class XmlSecInteropTests
{
    [Theory]
    [InlineData(SoapVersion.Soap11, "RSA", "BinarySecurityToken", "RsaSha512")]
    [InlineData(SoapVersion.Soap12, "RSA", "IssuerSerial", "RsaSha256")]
    [InlineData(SoapVersion.Soap11, "EC", "IssuerSerial", "EcdsaSha256")]
    [InlineData(SoapVersion.Soap12, "EC", "BinarySecurityToken", "EcdsaSha384")]
    public async Task Xmlsec1_verifies_the_response_bytes_and_rejects_a_tampered_copy(SoapVersion version, string keyAlgorithm, string keyReference, string algorithm)
    {
        await using var tenant = await TestTenant.StartAsync();
        await tenant.CreateKeyPairAsync("xmlsec", keyAlgorithm, keyAlgorithm == "RSA" ? 2048 : 384);
        await tenant.SetSignerAsync(new { alias = "xmlsec", keyReference, algorithm });
        var work = Directory.CreateTempSubdirectory("rotation-xmlsec-").FullName;
        try
        {
            var certificate = Path.Combine(work, "tenant.pem");
            await File.WriteAllTextAsync(certificate, (await tenant.CertificateAsync("xmlsec")).ExportCertificatePem());
            var (status, body, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, version, Soap.Envelope(version, "xmlsec-1"));
            Assert.Equal(200, status);
            var signed = Path.Combine(work, "response.xml");
            await File.WriteAllBytesAsync(signed, body);
            var tampered = Path.Combine(work, "tampered.xml");
            await File.WriteAllBytesAsync(tampered, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("<Quantity>", "<Quantity>1", StringComparison.Ordinal).Replace("xmlsec-1", "xmlsec-2", StringComparison.Ordinal)));
            var soapNamespace = version == SoapVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12;

            var (ok, output) = await XmlSec1Async(certificate, signed, soapNamespace);
            Assert.True(ok, output);
            Assert.Contains("SignedInfo References (ok/all): 2/2", output, StringComparison.Ordinal);
            (ok, output) = await XmlSec1Async(certificate, tampered, soapNamespace);
            Assert.False(ok, output);
        }
        finally
        {
            TestTenant.TryDelete(work);
        }
    }

    private static async Task<(bool Ok, string Output)> XmlSec1Async(string certificate, string document, string soapNamespace)
    {
        var start = new ProcessStartInfo("xmlsec1") { RedirectStandardOutput = true, RedirectStandardError = true };
        // wsu:Id is not a DTD ID: name the elements that carry it, as every WS-Security user of xmlsec does.
        foreach (var arg in new[] { "--verify", "--pubkey-cert-pem", certificate, "--id-attr:Id", $"{soapNamespace}:Body", "--id-attr:Id", $"{WsNamespaces.Wsu}:Timestamp", document })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode == 0, await stdout + await stderr);
    }
}
