using System.Security.Cryptography.X509Certificates;
using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// Envelopes signed by WSS4J's WSSecSignature (with WSSecHeader and WSSecTimestamp), as a CXF client
/// or SAP Cloud Integration would send them, checked by our SignatureVerifier with the signing
/// certificate as the only trust. WSS4J's layout differs from ours: Signature first in the header,
/// Timestamp after it, InclusiveNamespaces PrefixLists in every exc-c14n transform, wsu declared on
/// the Body, an Id on Signature, KeyInfo and SecurityTokenReference, and four key identifier forms.
/// </summary>
[Collection(Wss4j.Collection)]
public sealed class Wss4jSignaturesVerifyWithOursTests(PeerKeys keys, Wss4j wss4j) : IClassFixture<PeerKeys>
{
    public static TheoryData<Wss4jKeyIdentifier, KeyReference, SignatureAlgorithm, PeerKeyKind, SoapVersion> Signatures => new()
    {
        { Wss4jKeyIdentifier.BST_DIRECT_REFERENCE, KeyReference.BinarySecurityToken, SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048, SoapVersion.Soap11 },
        { Wss4jKeyIdentifier.BST_DIRECT_REFERENCE, KeyReference.BinarySecurityToken, SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256, SoapVersion.Soap12 },
        { Wss4jKeyIdentifier.BST_DIRECT_REFERENCE, KeyReference.BinarySecurityToken, SignatureAlgorithm.EcdsaSha384, PeerKeyKind.EcP384, SoapVersion.Soap11 },
        { Wss4jKeyIdentifier.ISSUER_SERIAL, KeyReference.IssuerSerial, SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048, SoapVersion.Soap12 },
        { Wss4jKeyIdentifier.ISSUER_SERIAL, KeyReference.IssuerSerial, SignatureAlgorithm.RsaSha512, PeerKeyKind.Rsa2048, SoapVersion.Soap11 },
        // X500Principal's RFC 2253 forms: "CN=Acme\, Inc. \+ Partners,..." and the non-ASCII letters as they are.
        { Wss4jKeyIdentifier.ISSUER_SERIAL, KeyReference.IssuerSerial, SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256SpecialName, SoapVersion.Soap11 },
        { Wss4jKeyIdentifier.ISSUER_SERIAL, KeyReference.IssuerSerial, SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256NonAsciiName, SoapVersion.Soap11 },
        { Wss4jKeyIdentifier.SKI_KEY_IDENTIFIER, KeyReference.SubjectKeyIdentifier, SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048, SoapVersion.Soap11 },
        { Wss4jKeyIdentifier.THUMBPRINT_IDENTIFIER, KeyReference.Thumbprint, SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048, SoapVersion.Soap12 },
    };

    [PeerTheory(Peer.Wss4j)]
    [MemberData(nameof(Signatures))]
    public async Task Wss4j_signature_verifies_with_ours(Wss4jKeyIdentifier keyIdentifier, KeyReference expected, SignatureAlgorithm algorithm, PeerKeyKind kind, SoapVersion soap)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var signed = await SignWithWss4j(workspace, certificate, keyIdentifier, algorithm, UnsignedResponses.OrderConfirmation(soap, UnsignedResponses.NewOrderId()));

        // The stranger is trusted too: the verifier must pick the right certificate, not the only one.
        OurSide.AssertVerifies("WSS4J", signed, certificate, expected, algorithm, keys.Stranger, certificate);
    }

    [PeerTheory(Peer.Wss4j)]
    [InlineData(Wss4jKeyIdentifier.BST_DIRECT_REFERENCE)]
    [InlineData(Wss4jKeyIdentifier.ISSUER_SERIAL)]
    public async Task Wss4j_signature_over_a_body_changed_afterwards_is_rejected_as_digest_mismatch(Wss4jKeyIdentifier keyIdentifier)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var orderId = UnsignedResponses.NewOrderId();
        var signed = await SignWithWss4j(workspace, certificate, keyIdentifier, SignatureAlgorithm.RsaSha256, UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, orderId));

        OurSide.AssertChangedBodyIsDigestMismatch(signed, orderId, certificate);
    }

    [PeerFact(Peer.Wss4j)]
    public async Task Wss4j_signature_by_a_certificate_we_do_not_trust_is_rejected()
    {
        using var workspace = new PeerWorkspace();
        var signed = await SignWithWss4j(workspace, keys.Stranger, Wss4jKeyIdentifier.BST_DIRECT_REFERENCE, SignatureAlgorithm.RsaSha256,
            UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()));

        var result = OurSide.Verify(signed, keys[PeerKeyKind.Rsa2048]);

        Assert.Equal(RejectReason.CertificateUntrusted, result.Reason);
    }

    [PeerFact(Peer.Wss4j)]
    public async Task Wss4j_default_SHA1_signature_is_refused_by_default_and_accepted_only_where_the_policy_allows_it()
    {
        // A CXF/WSS4J sender configured with no algorithms signs with RSA-SHA1 and SHA-1 digests.
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var signed = await SignWithWss4j(workspace, certificate, Wss4jKeyIdentifier.BST_DIRECT_REFERENCE, algorithm: null,
            UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()));

        var byDefault = OurSide.Verify(signed, certificate);
        var allowed = new SignatureVerifier(new TrustSet(certificate), VerificationPolicy.Default with { AllowSha1 = true }, TimeProvider.System).Verify(signed);

        Assert.Equal(RejectReason.AlgorithmNotAllowed, byDefault.Reason);
        Assert.True(allowed.IsValid, $"with SHA-1 allowed, WSS4J's default signature must verify: {allowed}");
        Assert.Equal(SignatureAlgorithm.RsaSha1, allowed.Algorithm);
    }

    private async Task<byte[]> SignWithWss4j(PeerWorkspace workspace, X509Certificate2 certificate, Wss4jKeyIdentifier keyIdentifier, SignatureAlgorithm? algorithm, byte[] unsigned)
    {
        var outcome = await wss4j.SignAsync(workspace.Write("unsigned.xml", unsigned), workspace.WriteKeyPair(certificate), keyIdentifier, algorithm, workspace.PathOf("signed.xml"));
        Assert.True(outcome.Succeeded, "WSS4J could not sign\n" + outcome.Describe());
        return workspace.Read("signed.xml");
    }
}
