using System.Security.Cryptography.X509Certificates;
using System.Text;
using Rotation.Shared.Verification;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// Helpers for tests that craft an envelope, sign it with the test signer (RSA-A by default) and
/// feed it to the real SignatureVerifier trusting RSA-A.
/// </summary>
public abstract class HostileTestBase(KeyMaterial keys)
{
    protected KeyMaterial Keys => keys;

    protected CraftedEnvelope Envelope(SoapVersion version = SoapVersion.Soap11, X509Certificate2? token = null,
        bool timestamp = true, TimeSpan? timeToLive = null, string? bodyContent = null) =>
        CraftedEnvelope.Create(version, timestamp ? KeyMaterial.Epoch : null, token ?? keys.RsaA, timeToLive, bodyContent);

    /// <summary>A correctly signed crafted envelope: the baseline every hostile variant departs from.</summary>
    protected CraftedEnvelope SignedEnvelope(SoapVersion version = SoapVersion.Soap11, SignatureSpec? spec = null)
    {
        var envelope = Envelope(version);
        TestSigner.Sign(envelope, keys.RsaA, spec);
        return envelope;
    }

    /// <summary>Verifies with the Body streamed, as the verifier does, and holds the verdict against the whole tree's.</summary>
    protected VerificationResult Verify(byte[] envelope, VerificationPolicy? policy = null, DateTimeOffset? now = null, params X509Certificate2[] trusted) =>
        StreamedBodyParity.VerifyBothWays(Verifiers.Trusting(trusted.Length == 0 ? [keys.RsaA] : trusted, policy, now), envelope);

    protected VerificationResult Verify(CraftedEnvelope envelope, VerificationPolicy? policy = null, DateTimeOffset? now = null, params X509Certificate2[] trusted) =>
        Verify(envelope.ToBytes(), policy, now, trusted);

    protected static void AssertRejected(RejectReason expected, VerificationResult result)
    {
        Assert.False(result.IsValid, $"expected rejection {expected}, but: {result}");
        Assert.True(result.Reason == expected, $"expected {expected}, got {result}");
        Assert.False(string.IsNullOrWhiteSpace(result.Message), "a rejection must say why in words");
        Assert.Null(result.VerifiedBy);
        Assert.Null(result.Fingerprint);
    }

    /// <summary>For cases docs/DESIGN.md leaves between two codes (e.g. an unknown issuer: key not found or untrusted).</summary>
    protected static void AssertRejectedAsOneOf(VerificationResult result, params RejectReason[] acceptable)
    {
        Assert.False(result.IsValid, $"expected rejection as one of {string.Join('/', acceptable)}, but: {result}");
        Assert.True(acceptable.Contains(result.Reason), $"expected one of {string.Join('/', acceptable)}, got {result}");
        Assert.Null(result.VerifiedBy);
    }

    protected static void AssertValid(VerificationResult result, X509Certificate2 by)
    {
        Assert.True(result.IsValid, $"expected valid, got {result}");
        Assert.Equal(Certificates.CertificateInfo.Fingerprint(by), result.Fingerprint);
        Assert.Equal(by.RawData, result.VerifiedBy!.RawData);
    }

    /// <summary>The hostile envelope carries a cryptographically valid signature: a verifier that only checks the crypto accepts it.</summary>
    protected static void AssertNaiveVerifierAccepts(CraftedEnvelope envelope, X509Certificate2 certificate) =>
        Assert.True(NaiveVerifier.Accepts(envelope.ToBytes(), certificate), "the crafted envelope should fool a naive verifier; the test would prove nothing otherwise");

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
