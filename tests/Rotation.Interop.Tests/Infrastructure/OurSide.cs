using System.Security.Cryptography.X509Certificates;
using System.Text;
using Rotation.Interop.Tests.Envelopes;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>Rotation's own signer and verifier, configured as the tenant and the sender use them, on the real clock (the peers use it too).</summary>
public static class OurSide
{
    public static byte[] Sign(byte[] envelope, X509Certificate2 certificate, KeyReference keyReference, SignatureAlgorithm algorithm)
    {
        using var key = new SigningKey(certificate);
        var settings = new SignerSettings { KeyReference = keyReference, Algorithm = algorithm };
        settings.Validate();
        return new ResponseSigner(TimeProvider.System).Sign(envelope, key, settings);
    }

    /// <summary>
    /// Verifies as the tenant and the sender do, with the Body streamed; the verdict must be the whole tree's, and where
    /// the Body's digest decided it, the streamed canonical Body must be the whole tree's byte for byte.
    /// </summary>
    public static VerificationResult Verify(byte[] envelope, params X509Certificate2[] trusted)
    {
        var result = StreamedBodyParity.VerifyBothWays(new SignatureVerifier(new TrustSet(trusted), VerificationPolicy.Default, TimeProvider.System), envelope);
        if (result.Reason is RejectReason.None or RejectReason.DigestMismatch) StreamedBodyParity.AssertSameCanonicalBody(envelope);
        return result;
    }

    /// <summary>
    /// A peer's signature verifies with us: by <paramref name="signer"/> (the only one trusted, or one of
    /// <paramref name="trusted"/>, so the verifier must pick it), with the key reference and the algorithm the peer used.
    /// </summary>
    public static void AssertVerifies(string peer, byte[] signed, X509Certificate2 signer, KeyReference keyReference, SignatureAlgorithm algorithm, params X509Certificate2[] trusted)
    {
        var result = Verify(signed, trusted.Length == 0 ? [signer] : trusted);

        Assert.True(result.IsValid, $"our verifier rejected {peer}'s signature: {result}\n{Encoding.UTF8.GetString(signed)}");
        Assert.Equal(CertificateInfo.Fingerprint(signer), result.Fingerprint);
        Assert.Equal(keyReference, result.KeyReference);
        Assert.Equal(algorithm, result.Algorithm);
    }

    /// <summary>The peer's envelope verifies untouched (else the tampering proves nothing) and not once its order id is changed.</summary>
    public static void AssertChangedBodyIsDigestMismatch(byte[] signed, string orderId, X509Certificate2 signer)
    {
        var untouched = Verify(signed, signer);
        var tampered = Verify(Tampering.ChangeOrderId(signed, orderId), signer);

        Assert.True(untouched.IsValid, $"the untouched envelope must verify, else the tampering proves nothing: {untouched}");
        Assert.Equal(RejectReason.DigestMismatch, tampered.Reason);
    }
}
