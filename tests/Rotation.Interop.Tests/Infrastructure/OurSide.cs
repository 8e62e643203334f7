using System.Security.Cryptography.X509Certificates;
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
}
