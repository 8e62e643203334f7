using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// Responses signed by ResponseSigner, checked by zeep.wsse.signature.verify_envelope(envelope, certfile).
/// zeep verifies with the certificate file it is given and never reads KeyInfo, so both key
/// references are accepted the same way; it does not check that Body and Timestamp are the signed
/// parts, so the test asserts that from the references zeep resolved.
/// </summary>
public sealed class OurSignaturesVerifyWithZeepTests(PeerKeys keys) : IClassFixture<PeerKeys>
{
    public static TheoryData<KeyReference, SignatureAlgorithm, PeerKeyKind, SoapVersion> Settings => OurSignatureSettings.All;

    [PeerTheory(Peer.Zeep)]
    [MemberData(nameof(Settings))]
    public async Task Our_signature_verifies_with_zeep(KeyReference keyReference, SignatureAlgorithm algorithm, PeerKeyKind kind, SoapVersion soap)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(soap, UnsignedResponses.NewOrderId()), certificate, keyReference, algorithm);

        var verdict = await Zeep.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(certificate));

        Assert.True(verdict.Verified, "zeep rejected our signature\n" + verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.ReferencedLocalNames.Order(StringComparer.Ordinal));
    }

    [PeerTheory(Peer.Zeep)]
    [InlineData(KeyReference.BinarySecurityToken)]
    [InlineData(KeyReference.IssuerSerial)]
    public async Task Our_signature_over_a_body_changed_afterwards_is_rejected_by_zeep(KeyReference keyReference)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var orderId = UnsignedResponses.NewOrderId();
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, orderId), certificate, keyReference, SignatureAlgorithm.RsaSha256);
        var certificatePem = workspace.WriteCertificate(certificate);

        var untouched = await Zeep.VerifyAsync(workspace.Write("signed.xml", signed), certificatePem);
        var tampered = await Zeep.VerifyAsync(workspace.Write("tampered.xml", Tampering.ChangeOrderId(signed, orderId)), certificatePem);

        Assert.True(untouched.Verified, "the untouched envelope must verify, else the tampering proves nothing\n" + untouched.Describe());
        Assert.False(tampered.Verified, "zeep accepted a tampered Body\n" + tampered.Describe());
        Assert.True(tampered.Rejected, "zeep should raise SignatureVerificationFailed, not crash\n" + tampered.Describe());
    }

    [PeerFact(Peer.Zeep)]
    public async Task Our_signature_does_not_verify_with_another_certificate_in_zeep()
    {
        using var workspace = new PeerWorkspace();
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()),
            keys[PeerKeyKind.Rsa2048], KeyReference.BinarySecurityToken, SignatureAlgorithm.RsaSha256);

        var verdict = await Zeep.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(keys.Stranger, "stranger"));

        Assert.True(verdict.Rejected, "zeep must reject a signature checked with a certificate that did not make it\n" + verdict.Describe());
    }
}
