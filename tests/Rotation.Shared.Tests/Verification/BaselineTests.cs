using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// The unmodified crafted envelopes verify: every hostile test departs from one of these, so a
/// rejection there is caused by the hostile edit and nothing else.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class BaselineTests(KeyMaterial keys) : HostileTestBase(keys)
{
    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public void Crafted_envelope_signed_by_SignedXml_verifies(SoapVersion version)
    {
        var envelope = SignedEnvelope(version);

        AssertNaiveVerifierAccepts(envelope, Keys.RsaA);
        Assert.True(NaiveVerifier.SignedXmlAccepts(envelope.Document, Keys.RsaA));
        var result = Verify(envelope);
        AssertValid(result, Keys.RsaA);
        Assert.Equal(KeyReference.BinarySecurityToken, result.KeyReference);
        Assert.Equal(SignatureAlgorithm.RsaSha256, result.Algorithm);
    }

    [Theory]
    [InlineData(SignatureAlgorithm.EcdsaSha256)]
    [InlineData(SignatureAlgorithm.EcdsaSha384)]
    [InlineData(SignatureAlgorithm.EcdsaSha512)]
    [InlineData(SignatureAlgorithm.RsaSha384)]
    [InlineData(SignatureAlgorithm.RsaSha512)]
    public void Crafted_envelope_with_other_algorithms_verifies(SignatureAlgorithm algorithm)
    {
        var certificate = Keys.CertificateFor(algorithm);
        var envelope = Envelope(token: certificate);
        var digest = AlgorithmUris.DigestUriFor(algorithm);
        TestSigner.Sign(envelope, certificate, new SignatureSpec
        {
            SignatureMethod = AlgorithmUris.SignatureUri(algorithm),
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId) with { DigestMethod = digest }, ReferenceSpec.To(CraftedEnvelope.BodyId) with { DigestMethod = digest }],
        });

        AssertNaiveVerifierAccepts(envelope, certificate);
        var result = Verify(envelope, trusted: certificate);
        AssertValid(result, certificate);
        Assert.Equal(algorithm, result.Algorithm);
    }

    [Fact]
    public void Digest_of_another_family_than_the_signature_is_accepted()
    {
        // WSS4J pairs rsa-sha512 with sha256 digests by default; both are on the allow-list.
        var envelope = SignedEnvelope(spec: new SignatureSpec { SignatureMethod = AlgorithmUris.RsaSha512 });
        AssertValid(Verify(envelope), Keys.RsaA);
    }
}
