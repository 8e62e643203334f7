using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// Envelopes signed by zeep's BinarySignature, checked by our SignatureVerifier with the signing
/// certificate as the only trust. zeep signs the Body and, when present, the Timestamp (we insert
/// one first), puts the Signature first in the header and the BinarySecurityToken after it (not
/// WSS4J's "Strict" order), wraps base64 at 64 columns and declares wsu on each element it marks.
/// </summary>
public sealed class ZeepSignaturesVerifyWithOursTests(PeerKeys keys) : IClassFixture<PeerKeys>
{
    public static TheoryData<string, SignatureAlgorithm, PeerKeyKind, SoapVersion> Algorithms => new()
    {
        { "rsa-sha256", SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048, SoapVersion.Soap11 },
        { "rsa-sha256", SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048, SoapVersion.Soap12 },
        { "rsa-sha512", SignatureAlgorithm.RsaSha512, PeerKeyKind.Rsa2048, SoapVersion.Soap11 },
        { "ecdsa-sha256", SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256, SoapVersion.Soap11 },
        { "ecdsa-sha384", SignatureAlgorithm.EcdsaSha384, PeerKeyKind.EcP384, SoapVersion.Soap12 },
    };

    [PeerTheory(Peer.Zeep)]
    [MemberData(nameof(Algorithms))]
    public async Task Zeep_BinarySignature_verifies_with_ours(string zeepAlgorithm, SignatureAlgorithm expected, PeerKeyKind kind, SoapVersion soap)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var signed = await SignWithZeep(workspace, certificate, zeepAlgorithm, UnsignedResponses.OrderConfirmation(soap, UnsignedResponses.NewOrderId()));

        OurSide.AssertVerifies("zeep", signed, certificate, KeyReference.BinarySecurityToken, expected);
    }

    [PeerFact(Peer.Zeep)]
    public async Task Zeep_signature_over_a_body_changed_afterwards_is_rejected_as_digest_mismatch()
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var orderId = UnsignedResponses.NewOrderId();
        var signed = await SignWithZeep(workspace, certificate, "rsa-sha256", UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, orderId));

        OurSide.AssertChangedBodyIsDigestMismatch(signed, orderId, certificate);
    }

    [PeerFact(Peer.Zeep)]
    public async Task Zeep_signature_by_a_certificate_we_do_not_trust_is_rejected()
    {
        using var workspace = new PeerWorkspace();
        var signed = await SignWithZeep(workspace, keys.Stranger, "rsa-sha256", UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()));

        var result = OurSide.Verify(signed, keys[PeerKeyKind.Rsa2048]);

        Assert.Equal(RejectReason.CertificateUntrusted, result.Reason);
    }

    [PeerFact(Peer.Zeep)]
    public async Task Zeep_default_SHA1_signature_is_refused_by_default_and_accepted_only_where_the_policy_allows_it()
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var signed = await SignWithZeep(workspace, certificate, "rsa-sha1", UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()));

        var byDefault = OurSide.Verify(signed, certificate);
        var allowed = new SignatureVerifier(new TrustSet(certificate), VerificationPolicy.Default with { AllowSha1 = true }, TimeProvider.System).Verify(signed);

        Assert.Equal(RejectReason.AlgorithmNotAllowed, byDefault.Reason);
        Assert.True(allowed.IsValid, $"with SHA-1 allowed, zeep's default signature must verify: {allowed}");
        Assert.Equal(SignatureAlgorithm.RsaSha1, allowed.Algorithm);
    }

    private static async Task<byte[]> SignWithZeep(PeerWorkspace workspace, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string algorithm, byte[] unsigned)
    {
        var key = workspace.WriteKeyPair(certificate);
        var outcome = await Zeep.SignAsync(ZeepSigner.BinarySignature, algorithm, key, workspace.Write("unsigned.xml", unsigned), workspace.PathOf("signed.xml"));
        Assert.True(outcome.Succeeded, "zeep could not sign\n" + outcome.Describe());
        return workspace.Read("signed.xml");
    }
}
