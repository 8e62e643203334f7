using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// The harness checked without our code: zeep's signatures verify with xmlsec1 and xmlsec1's with
/// zeep, and each peer rejects the other's tampered envelope. When one of our interop tests fails
/// and these pass, the fault is on our side of the wire, not in the scripts or templates.
/// </summary>
public sealed class PeersAgreeWithEachOtherTests(PeerKeys keys) : IClassFixture<PeerKeys>
{
    [PeerTheory(Peer.XmlSec1, Peer.Zeep)]
    [InlineData("rsa-sha256", PeerKeyKind.Rsa2048, SoapVersion.Soap11)]
    [InlineData("ecdsa-sha256", PeerKeyKind.EcP256, SoapVersion.Soap12)]
    public async Task Zeep_signature_verifies_with_xmlsec1_and_not_once_tampered(string algorithm, PeerKeyKind kind, SoapVersion soap)
    {
        using var workspace = new PeerWorkspace();
        var key = workspace.WriteKeyPair(keys[kind]);
        var orderId = UnsignedResponses.NewOrderId();
        var signing = await Zeep.SignAsync(ZeepSigner.BinarySignature, algorithm, key,
            workspace.Write("unsigned.xml", UnsignedResponses.OrderConfirmation(soap, orderId)), workspace.PathOf("signed.xml"));
        Assert.True(signing.Succeeded, signing.Describe());
        var signed = workspace.Read("signed.xml");

        var verdict = await XmlSec1.VerifyAsync(workspace.PathOf("signed.xml"), key.CertificatePem);
        var tampered = await XmlSec1.VerifyAsync(workspace.Write("tampered.xml", Tampering.ChangeOrderId(signed, orderId)), key.CertificatePem);

        Assert.True(verdict.Verified, verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.DigestedElements.Order(StringComparer.Ordinal));
        Assert.True(tampered.Failed, tampered.Describe());
    }

    [PeerTheory(Peer.XmlSec1, Peer.Zeep)]
    [InlineData(SigningTemplate.BinarySecurityTokenSoap11, SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048)]
    [InlineData(SigningTemplate.IssuerSerialSoap12, SignatureAlgorithm.EcdsaSha384, PeerKeyKind.EcP384)]
    public async Task Xmlsec1_signature_verifies_with_zeep_and_not_once_tampered(string template, SignatureAlgorithm algorithm, PeerKeyKind kind)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var orderId = UnsignedResponses.NewOrderId();
        var signed = await XmlSec1.SignTemplateAsync(workspace, template, certificate, algorithm, orderId);
        var certificatePem = workspace.WriteCertificate(certificate, "verifier");

        var verdict = await Zeep.VerifyAsync(workspace.Write("final.xml", signed), certificatePem);
        var tampered = await Zeep.VerifyAsync(workspace.Write("tampered.xml", Tampering.ChangeOrderId(signed, orderId)), certificatePem);

        Assert.True(verdict.Verified, verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.ReferencedLocalNames.Order(StringComparer.Ordinal));
        Assert.True(tampered.Rejected, tampered.Describe());
    }
}
