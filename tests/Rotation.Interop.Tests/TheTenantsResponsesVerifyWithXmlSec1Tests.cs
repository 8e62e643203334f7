using System.Text;
using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;

namespace Rotation.Interop.Tests;

/// <summary>The exact bytes the tenant puts on the wire verify with xmlsec1 (libxmlsec1/OpenSSL), an independent stack.</summary>
public sealed class TheTenantsResponsesVerifyWithXmlSec1Tests
{
    [PeerTheory(Peer.XmlSec1)]
    [InlineData(SoapVersion.Soap11, "RSA", "BinarySecurityToken", "RsaSha512")]
    [InlineData(SoapVersion.Soap12, "RSA", "IssuerSerial", "RsaSha256")]
    [InlineData(SoapVersion.Soap11, "EC", "IssuerSerial", "EcdsaSha256")]
    [InlineData(SoapVersion.Soap12, "EC", "BinarySecurityToken", "EcdsaSha384")]
    public async Task Xmlsec1_verifies_the_response_bytes_and_rejects_a_tampered_copy(SoapVersion version, string keyAlgorithm, string keyReference, string algorithm)
    {
        await using var tenant = await OurTenant.StartAsync();
        await tenant.CreateKeyPairAsync("xmlsec", keyAlgorithm, keyAlgorithm == "RSA" ? 2048 : 384);
        await tenant.SetSignerAsync(new { alias = "xmlsec", keyReference, algorithm });
        using var workspace = new PeerWorkspace();
        var certificate = workspace.WriteCertificate(await tenant.CertificateAsync("xmlsec"), "tenant");
        var (status, body) = await tenant.PostAsync(version, UnsignedRequests.Order(version, "xmlsec-1"));
        Assert.Equal(200, status);
        var signed = workspace.Write("response.xml", body);
        var tampered = workspace.Write("tampered.xml", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body)
            .Replace("<Quantity>", "<Quantity>1", StringComparison.Ordinal).Replace("xmlsec-1", "xmlsec-2", StringComparison.Ordinal)));

        var verdict = await XmlSec1.VerifyAsync(signed, certificate);
        Assert.True(verdict.Verified, verdict.Describe());
        Assert.Contains("SignedInfo References (ok/all): 2/2", verdict.Outcome.StandardError, StringComparison.Ordinal);
        verdict = await XmlSec1.VerifyAsync(tampered, certificate);
        Assert.False(verdict.Verified, verdict.Describe());
    }
}
