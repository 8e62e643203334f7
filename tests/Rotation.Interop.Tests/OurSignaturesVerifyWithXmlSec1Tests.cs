using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// Responses signed by ResponseSigner, checked by the xmlsec1 command. xmlsec1 cannot follow a
/// SecurityTokenReference, so it gets the certificate with --pubkey-cert-pem for both key
/// references; what it proves is that our exclusive c14n, digests and signature value agree with
/// libxmlsec1's. --store-references shows which elements it digested: Body and Timestamp.
/// </summary>
public sealed class OurSignaturesVerifyWithXmlSec1Tests(PeerKeys keys) : IClassFixture<PeerKeys>
{
    public static TheoryData<KeyReference, SignatureAlgorithm, PeerKeyKind, SoapVersion> Settings => OurSignatureSettings.All;

    [PeerTheory(Peer.XmlSec1)]
    [MemberData(nameof(Settings))]
    public async Task Our_signature_verifies_with_xmlsec1(KeyReference keyReference, SignatureAlgorithm algorithm, PeerKeyKind kind, SoapVersion soap)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(soap, UnsignedResponses.NewOrderId()), certificate, keyReference, algorithm);

        var verdict = await XmlSec1.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(certificate));

        Assert.True(verdict.Verified, "xmlsec1 rejected our signature\n" + verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.DigestedElements.Order(StringComparer.Ordinal));
    }

    [PeerTheory(Peer.XmlSec1)]
    [InlineData(KeyReference.BinarySecurityToken)]
    [InlineData(KeyReference.IssuerSerial)]
    public async Task Our_signature_over_a_body_changed_afterwards_fails_in_xmlsec1(KeyReference keyReference)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var orderId = UnsignedResponses.NewOrderId();
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, orderId), certificate, keyReference, SignatureAlgorithm.RsaSha256);
        var certificatePem = workspace.WriteCertificate(certificate);

        var untouched = await XmlSec1.VerifyAsync(workspace.Write("signed.xml", signed), certificatePem);
        var tampered = await XmlSec1.VerifyAsync(workspace.Write("tampered.xml", Tampering.ChangeOrderId(signed, orderId)), certificatePem);

        Assert.True(untouched.Verified, "the untouched envelope must verify, else the tampering proves nothing\n" + untouched.Describe());
        Assert.False(tampered.Verified, "xmlsec1 accepted a tampered Body\n" + tampered.Describe());
        Assert.True(tampered.Failed, "xmlsec1 should report FAIL (digest mismatch), not an error\n" + tampered.Describe());
        Assert.Contains("data and digest do not match", tampered.Outcome.StandardError, StringComparison.Ordinal);
    }

    [PeerFact(Peer.XmlSec1)]
    public async Task Our_signature_does_not_verify_with_another_certificate_in_xmlsec1()
    {
        using var workspace = new PeerWorkspace();
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()),
            keys[PeerKeyKind.Rsa2048], KeyReference.BinarySecurityToken, SignatureAlgorithm.RsaSha256);

        var verdict = await XmlSec1.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(keys.Stranger, "stranger"));

        Assert.False(verdict.Verified, "xmlsec1 verified our signature with a certificate that did not make it\n" + verdict.Describe());
    }
}
