using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// The WSS4J harness checked without our code: WSS4J accepts its own signature and rejects it once
/// tampered, libxmlsec1 accepts WSS4J's signature, and WSS4J accepts zeep's. When one of the WSS4J
/// tests with our signer or verifier fails and these pass, the fault is on our side of the wire.
/// </summary>
[Collection(Wss4j.Collection)]
public sealed class Wss4jAgreesWithThePeersTests(PeerKeys keys, Wss4j wss4j) : IClassFixture<PeerKeys>
{
    [PeerFact(Peer.Wss4j)]
    public async Task Wss4j_verifies_its_own_signature_and_rejects_it_once_tampered()
    {
        using var workspace = new PeerWorkspace();
        var key = workspace.WriteKeyPair(keys[PeerKeyKind.Rsa2048]);
        var orderId = UnsignedResponses.NewOrderId();
        var signing = await wss4j.SignAsync(workspace.Write("unsigned.xml", UnsignedResponses.OrderConfirmation(SoapVersion.Soap12, orderId)),
            key, Wss4jKeyIdentifier.ISSUER_SERIAL, SignatureAlgorithm.RsaSha256, workspace.PathOf("signed.xml"));
        Assert.True(signing.Succeeded, signing.Describe());

        var verdict = await wss4j.VerifyAsync(workspace.PathOf("signed.xml"), key.CertificatePem);
        var tampered = await wss4j.VerifyAsync(workspace.Write("tampered.xml", Tampering.ChangeOrderId(workspace.Read("signed.xml"), orderId)), key.CertificatePem);

        Assert.True(verdict.Verified, verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.SignedLocalNames.Order(StringComparer.Ordinal));
        Assert.True(tampered.Rejected, tampered.Describe());
    }

    [PeerTheory(Peer.Wss4j, Peer.XmlSec1)]
    [InlineData(SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048, SoapVersion.Soap11)]
    [InlineData(SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256, SoapVersion.Soap12)]
    public async Task Wss4j_signature_verifies_with_xmlsec1(SignatureAlgorithm algorithm, PeerKeyKind kind, SoapVersion soap)
    {
        using var workspace = new PeerWorkspace();
        var key = workspace.WriteKeyPair(keys[kind]);
        var signing = await wss4j.SignAsync(workspace.Write("unsigned.xml", UnsignedResponses.OrderConfirmation(soap, UnsignedResponses.NewOrderId())),
            key, Wss4jKeyIdentifier.BST_DIRECT_REFERENCE, algorithm, workspace.PathOf("signed.xml"));
        Assert.True(signing.Succeeded, signing.Describe());

        var verdict = await XmlSec1.VerifyAsync(workspace.PathOf("signed.xml"), key.CertificatePem);

        Assert.True(verdict.Verified, verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.DigestedElements.Order(StringComparer.Ordinal));
    }

    [PeerFact(Peer.Wss4j, Peer.Zeep)]
    public async Task Zeep_signature_verifies_with_wss4j()
    {
        // zeep puts the Signature before the BinarySecurityToken it references: WSS4J must look forward for it.
        using var workspace = new PeerWorkspace();
        var key = workspace.WriteKeyPair(keys[PeerKeyKind.Rsa2048]);
        var signing = await Zeep.SignAsync(ZeepSigner.BinarySignature, "rsa-sha256", key,
            workspace.Write("unsigned.xml", UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId())), workspace.PathOf("signed.xml"));
        Assert.True(signing.Succeeded, signing.Describe());

        var verdict = await wss4j.VerifyAsync(workspace.PathOf("signed.xml"), key.CertificatePem);

        Assert.True(verdict.Verified, verdict.Describe());
        Assert.Equal("DIRECT_REF", verdict.KeyReference);
        Assert.Equal(["Body", "Timestamp"], verdict.SignedLocalNames.Order(StringComparer.Ordinal));
    }
}
