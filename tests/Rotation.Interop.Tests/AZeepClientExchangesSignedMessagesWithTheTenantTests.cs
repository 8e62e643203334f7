using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;

namespace Rotation.Interop.Tests;

/// <summary>
/// A real Python client (zeep + xmlsec) built from our WSDL: it signs its request with its own key
/// (our endpoint must accept the mustUnderstand Security header) and verifies our signed response.
/// </summary>
public sealed class AZeepClientExchangesSignedMessagesWithTheTenantTests(PeerKeys keys) : IClassFixture<PeerKeys>
{
    [PeerTheory(Peer.Zeep)]
    [InlineData("BasicHttpBinding_OrderService_soap", "BinarySecurityToken", "RSA")]
    [InlineData("BasicHttpBinding_OrderService_soap12", "IssuerSerial", "RSA")]
    [InlineData("BasicHttpBinding_OrderService_soap", "IssuerSerial", "EC")]
    [InlineData("BasicHttpBinding_OrderService_soap12", "BinarySecurityToken", "EC")]
    public async Task Zeep_client_from_our_wsdl_signs_its_request_and_verifies_our_response(string port, string keyReference, string keyAlgorithm)
    {
        await using var tenant = await OurTenant.StartAsync();
        await tenant.CreateKeyPairAsync("zeep-signing", keyAlgorithm, keyAlgorithm == "RSA" ? 2048 : 256);
        await tenant.SetSignerAsync(new { alias = "zeep-signing", keyReference, algorithm = "auto" });
        using var workspace = new PeerWorkspace();
        var tenantCertificate = workspace.WriteCertificate(await tenant.CertificateAsync("zeep-signing"), "tenant");
        var client = workspace.WriteKeyPair(keys[PeerKeyKind.Rsa2048], "client");

        var answer = await Zeep.CallAsync(tenant.Endpoint, port, client, tenantCertificate);
        Assert.True(answer.Confirmed, answer.Describe());
        var confirmation = answer.Confirmation!.Value;
        Assert.Equal("z-1", confirmation.GetProperty("orderId").GetString());
        Assert.Equal(9.5m, decimal.Parse(confirmation.GetProperty("total").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("CNF-", confirmation.GetProperty("confirmationId").GetString());
        Assert.Equal("from zeep", confirmation.GetProperty("echo").GetString());

        // The same client with another "tenant" certificate, of the same kind, must refuse our response: zeep really verifies.
        var other = workspace.WriteCertificate(keyAlgorithm == "RSA" ? keys.Stranger : keys[PeerKeyKind.EcP256], "other");
        var refused = await Zeep.CallAsync(tenant.Endpoint, port, client, other);
        Assert.True(refused.Refused, refused.Describe());
    }
}
