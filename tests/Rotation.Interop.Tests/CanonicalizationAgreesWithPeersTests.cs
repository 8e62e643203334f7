using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// Our exclusive c14n (and the signer's re-serialisation of the envelope) against libxmlsec1's on a
/// Body full of c14n corner cases, in both directions. Our canonicaliser is our own code, not
/// SignedXml: any octet it renders differently from another stack breaks every digest it makes.
/// </summary>
public sealed class CanonicalizationAgreesWithPeersTests(PeerKeys keys) : IClassFixture<PeerKeys>
{
    [PeerFact(Peer.XmlSec1)]
    public async Task Our_signature_over_the_edge_case_body_verifies_with_xmlsec1()
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var signed = OurSide.Sign(CanonicalizationEdgeCases.Envelope(UnsignedResponses.NewOrderId()), certificate, KeyReference.BinarySecurityToken, SignatureAlgorithm.RsaSha256);

        var verdict = await XmlSec1.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(certificate));

        Assert.True(verdict.Verified, "xmlsec1 rejected our signature over the edge-case Body\n" + verdict.Describe() + "\n--- envelope ---\n" + System.Text.Encoding.UTF8.GetString(signed));
        Assert.Equal(["Body", "Timestamp"], verdict.DigestedElements.Order(StringComparer.Ordinal));
    }

    [PeerFact(Peer.Zeep)]
    public async Task Our_signature_over_the_edge_case_body_verifies_with_zeep()
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.EcP256];
        var signed = OurSide.Sign(CanonicalizationEdgeCases.Envelope(UnsignedResponses.NewOrderId()), certificate, KeyReference.IssuerSerial, SignatureAlgorithm.EcdsaSha256);

        var verdict = await Zeep.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(certificate));

        Assert.True(verdict.Verified, "zeep rejected our signature over the edge-case Body\n" + verdict.Describe() + "\n--- envelope ---\n" + System.Text.Encoding.UTF8.GetString(signed));
    }

    [PeerFact(Peer.XmlSec1)]
    public async Task Xmlsec1_signature_over_the_edge_case_body_verifies_with_ours()
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var orderId = UnsignedResponses.NewOrderId();
        var signed = await XmlSec1.SignTemplateAsync(workspace, SigningTemplate.CanonicalizationEdgeCases, certificate, SignatureAlgorithm.RsaSha256,
            orderId, CanonicalizationEdgeCases.BodyContent(orderId));

        var result = OurSide.Verify(signed, certificate);
        var tampered = OurSide.Verify(Tampering.ChangeOrderId(signed, orderId), certificate);

        Assert.True(result.IsValid, $"our verifier rejected xmlsec1's signature over the edge-case Body: {result}");
        Assert.Equal(RejectReason.DigestMismatch, tampered.Reason);
    }
}
