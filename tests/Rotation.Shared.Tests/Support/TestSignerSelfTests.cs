using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>The test tools themselves are checked against SignedXml, so a hostile test cannot pass because its tool is broken.</summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class TestSignerSelfTests(KeyMaterial keys)
{
    [Theory]
    [InlineData(SignatureAlgorithm.RsaSha256)]
    [InlineData(SignatureAlgorithm.EcdsaSha256)]
    [InlineData(SignatureAlgorithm.EcdsaSha384)]
    public void SignedXml_accepts_what_the_test_signer_signs(SignatureAlgorithm algorithm)
    {
        var certificate = keys.CertificateFor(algorithm);
        var envelope = CraftedEnvelope.Create(SoapVersion.Soap12, KeyMaterial.Epoch, certificate);
        TestSigner.Sign(envelope, certificate, new SignatureSpec { SignatureMethod = AlgorithmUris.SignatureUri(algorithm) });

        Assert.True(NaiveVerifier.SignedXmlAccepts(envelope.Document, certificate));
        Assert.False(NaiveVerifier.SignedXmlAccepts(envelope.Document, keys.RsaB));
    }

    [Fact]
    public void Resign_makes_a_hand_edited_SignedInfo_valid_again()
    {
        var envelope = CraftedEnvelope.Create(SoapVersion.Soap11, KeyMaterial.Epoch, keys.RsaA);
        var signature = TestSigner.Sign(envelope, keys.RsaA);
        envelope.Body.FirstChild!.InnerXml = "tampered";
        var bodyDigest = (System.Xml.XmlElement)signature.GetElementsByTagName("DigestValue", WsNamespaces.Ds)[1]!;
        Assert.False(NaiveVerifier.SignedXmlAccepts(envelope.Document, keys.RsaA));

        bodyDigest.InnerText = TestSigner.Digest(envelope.Body, System.Security.Cryptography.HashAlgorithmName.SHA256);
        Assert.False(NaiveVerifier.SignedXmlAccepts(envelope.Document, keys.RsaA));
        TestSigner.Resign(signature, keys.RsaA);
        Assert.True(NaiveVerifier.SignedXmlAccepts(envelope.Document, keys.RsaA));
    }

    [Fact]
    public void Oracle_canonicalizer_matches_what_SignedXml_digests()
    {
        var envelope = CraftedEnvelope.Create(SoapVersion.Soap11, KeyMaterial.Epoch, keys.RsaA);
        var signature = TestSigner.Sign(envelope, keys.RsaA);
        var digests = signature.GetElementsByTagName("DigestValue", WsNamespaces.Ds);
        Assert.Equal(digests[0]!.InnerText, TestSigner.Digest(envelope.Timestamp!, System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.Equal(digests[1]!.InnerText, TestSigner.Digest(envelope.Body, System.Security.Cryptography.HashAlgorithmName.SHA256));
    }
}
