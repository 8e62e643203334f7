using Microsoft.Extensions.Time.Testing;
using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// Responses signed by ResponseSigner, checked by Apache WSS4J's WSSecurityEngine: the receiving side
/// SAP Cloud Integration runs. Unlike xmlsec1 and zeep, WSS4J resolves the key from the message
/// itself (the BinarySecurityToken, or the certificate named by X509IssuerName and serial, looked up
/// in its trust store), decides trust, honours mustUnderstand on the header it processes and
/// validates the Timestamp (at most 300 s old, 60 s in the future, not expired).
/// </summary>
[Collection(Wss4j.Collection)]
public sealed class OurSignaturesVerifyWithWss4jTests(PeerKeys keys, Wss4j wss4j) : IClassFixture<PeerKeys>
{
    public static TheoryData<KeyReference, SignatureAlgorithm, PeerKeyKind, SoapVersion> Settings => OurSignatureSettings.All;

    [PeerTheory(Peer.Wss4j)]
    [MemberData(nameof(Settings))]
    public async Task Our_signature_verifies_with_wss4j(KeyReference keyReference, SignatureAlgorithm algorithm, PeerKeyKind kind, SoapVersion soap)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(soap, UnsignedResponses.NewOrderId()), certificate, keyReference, algorithm);

        var verdict = await wss4j.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(certificate));

        Assert.True(verdict.Verified, "WSS4J rejected our signature\n" + verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.SignedLocalNames.Order(StringComparer.Ordinal));
        Assert.Equal(keyReference == KeyReference.BinarySecurityToken ? "DIRECT_REF" : "ISSUER_SERIAL", verdict.KeyReference);
        Assert.Equal(AlgorithmUris.SignatureUri(algorithm), verdict.SignatureMethod);
        // Self-signed: the subject WSS4J resolved is the issuer we name, in the RFC 2253 form X500Principal writes.
        Assert.Equal(CertificateInfo.IssuerRfc2253(certificate), verdict.CertificateSubject);
    }

    [PeerTheory(Peer.Wss4j)]
    [InlineData(PeerKeyKind.EcP256SpecialName)]
    [InlineData(PeerKeyKind.EcP256NonAsciiName)]
    public async Task Wss4j_finds_our_certificate_by_an_escaped_or_non_ASCII_issuer_name(PeerKeyKind kind)
    {
        // WSS4J parses X509IssuerName with X500Principal and looks the certificate up in its store by
        // issuer and serial: a name it parses differently names no certificate, and the response fails.
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()), certificate,
            KeyReference.IssuerSerial, SignatureAlgorithm.EcdsaSha256);

        var verdict = await wss4j.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(certificate));

        Assert.True(verdict.Verified, $"WSS4J did not accept our X509IssuerName '{KeyInfoForms.IssuerName(signed)}'\n" + verdict.Describe());
        Assert.Equal("ISSUER_SERIAL", verdict.KeyReference);
    }

    [PeerTheory(Peer.Wss4j)]
    [InlineData(KeyReference.BinarySecurityToken)]
    [InlineData(KeyReference.IssuerSerial)]
    public async Task Our_signature_over_a_body_changed_afterwards_is_rejected_by_wss4j(KeyReference keyReference)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var orderId = UnsignedResponses.NewOrderId();
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, orderId), certificate, keyReference, SignatureAlgorithm.RsaSha256);
        var certificatePem = workspace.WriteCertificate(certificate);

        var untouched = await wss4j.VerifyAsync(workspace.Write("signed.xml", signed), certificatePem);
        var tampered = await wss4j.VerifyAsync(workspace.Write("tampered.xml", Tampering.ChangeOrderId(signed, orderId)), certificatePem);

        Assert.True(untouched.Verified, "the untouched envelope must verify, else the tampering proves nothing\n" + untouched.Describe());
        Assert.True(tampered.Rejected, "WSS4J accepted a tampered Body\n" + tampered.Describe());
        // WSS4J 1.6's FAILED_CHECK message: a digest or the signature value did not match.
        Assert.Contains("The signature or decryption was invalid", tampered.Error, StringComparison.Ordinal);
    }

    [PeerFact(Peer.Wss4j)]
    public async Task Our_signature_is_rejected_by_wss4j_when_it_trusts_another_certificate()
    {
        using var workspace = new PeerWorkspace();
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()),
            keys[PeerKeyKind.Rsa2048], KeyReference.BinarySecurityToken, SignatureAlgorithm.RsaSha256);

        var verdict = await wss4j.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(keys.Stranger, "stranger"));

        Assert.True(verdict.Rejected, "WSS4J accepted a certificate it was not told to trust\n" + verdict.Describe());
        Assert.Contains("could not be authenticated or authorized", verdict.Error, StringComparison.Ordinal);
    }

    [PeerFact(Peer.Wss4j)]
    public async Task Our_signature_with_an_expired_timestamp_is_rejected_by_wss4j()
    {
        // Signed ten minutes ago with the default five-minute lifetime: a correct signature over a stale response.
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        using var key = new SigningKey(certificate);
        var settings = new SignerSettings { KeyReference = KeyReference.BinarySecurityToken, Algorithm = SignatureAlgorithm.RsaSha256 };
        var signed = new ResponseSigner(new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10)))
            .Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()), key, settings);

        var verdict = await wss4j.VerifyAsync(workspace.Write("signed.xml", signed), workspace.WriteCertificate(certificate));

        Assert.True(verdict.Rejected, "WSS4J accepted a response whose Timestamp expired\n" + verdict.Describe());
        Assert.Contains("message has expired", verdict.Error, StringComparison.Ordinal);
    }
}
