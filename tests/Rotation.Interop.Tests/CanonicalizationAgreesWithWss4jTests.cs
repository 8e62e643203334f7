using System.Text;
using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// Our exclusive c14n against Apache Santuario's (under WSS4J, read by the JDK's Xerces) on the Body
/// full of c14n corner cases, in both directions: a third independent canonicaliser next to libxmlsec1's.
/// </summary>
[Collection(Wss4j.Collection)]
public sealed class CanonicalizationAgreesWithWss4jTests(PeerKeys keys, Wss4j wss4j) : IClassFixture<PeerKeys>
{
    [PeerFact(Peer.Wss4j)]
    public async Task Our_signature_over_the_edge_case_body_verifies_with_wss4j()
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var signed = OurSide.Sign(CanonicalizationEdgeCases.Envelope(UnsignedResponses.NewOrderId()), certificate, KeyReference.BinarySecurityToken, SignatureAlgorithm.RsaSha256);

        var verdict = await wss4j.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(certificate));

        Assert.True(verdict.Verified, "WSS4J rejected our signature over the edge-case Body\n" + verdict.Describe() + "\n--- envelope ---\n" + Encoding.UTF8.GetString(signed));
        Assert.Equal(["Body", "Timestamp"], verdict.SignedLocalNames.Order(StringComparer.Ordinal));
    }

    [PeerFact(Peer.Wss4j)]
    public async Task Wss4j_signature_over_the_edge_case_body_verifies_with_ours()
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.EcP256];
        var orderId = UnsignedResponses.NewOrderId();
        var signing = await wss4j.SignAsync(workspace.Write("unsigned.xml", CanonicalizationEdgeCases.Envelope(orderId)), workspace.WriteKeyPair(certificate),
            Wss4jKeyIdentifier.ISSUER_SERIAL, SignatureAlgorithm.EcdsaSha256, workspace.PathOf("signed.xml"));
        Assert.True(signing.Succeeded, "WSS4J could not sign\n" + signing.Describe());
        var signed = workspace.Read("signed.xml");

        var result = OurSide.Verify(signed, certificate);
        var tampered = OurSide.Verify(Tampering.ChangeOrderId(signed, orderId), certificate);

        Assert.True(result.IsValid, $"our verifier rejected WSS4J's signature over the edge-case Body: {result}\n{Encoding.UTF8.GetString(signed)}");
        Assert.Equal(RejectReason.DigestMismatch, tampered.Reason);
    }
}
