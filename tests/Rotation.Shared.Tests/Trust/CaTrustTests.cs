using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Certificates;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Trust;

/// <summary>docs/DESIGN.md §12: trust by CA (path validation against the trusted CAs only) and the PKIPath token.</summary>
[Collection(CaChainCollection.Name)]
public sealed class CaTrustTests(CaChain ca)
{
    private static readonly SignerSettings Leaf = SignerSettings.Default;
    private static readonly SignerSettings Path = SignerSettings.Default with { TokenFormat = TokenFormat.PkiPath };

    [Fact]
    public void A_certificate_issued_by_a_trusted_CA_verifies_without_being_pinned()
    {
        var result = TrustingRoot().Verify(Sign(ca.Signer, Leaf));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(CertificateInfo.Fingerprint(ca.Signer), result.Fingerprint);
    }

    [Fact]
    public void A_same_subject_renewal_from_the_same_CA_verifies_with_no_trust_change()
    {
        var verifier = TrustingRoot();
        Assert.Equal(ca.Signer.SubjectName.RawData, ca.Renewed.SubjectName.RawData);

        var old = verifier.Verify(Sign(ca.Signer, Leaf));
        var renewed = verifier.Verify(Sign(ca.Renewed, Leaf));

        Assert.True(old.IsValid && renewed.IsValid, $"{old}; {renewed}");
        // Told apart by fingerprint, never by subject.
        Assert.Equal(CertificateInfo.Fingerprint(ca.Signer), old.Fingerprint);
        Assert.Equal(CertificateInfo.Fingerprint(ca.Renewed), renewed.Fingerprint);
    }

    [Fact]
    public void A_certificate_from_another_CA_is_rejected_as_untrusted_with_the_path_in_the_message()
    {
        var result = TrustingRoot().Verify(Sign(ca.FromOther, Leaf));

        Assert.Equal(RejectReason.CertificateUntrusted, result.Reason);
        Assert.Contains("does not chain to a trusted CA", result.Message);
        Assert.Contains("serial " + CertificateInfo.SerialDecimal(ca.FromOther), result.Message);
    }

    [Fact]
    public void Without_trusted_CAs_only_pinned_certificates_verify()
    {
        var result = Verifiers.Trusting(ca.Renewed).Verify(Sign(ca.Signer, Leaf));

        Assert.Equal(RejectReason.CertificateUntrusted, result.Reason);
        Assert.Contains("is not in the trust set", result.Message);
    }

    [Fact]
    public void The_validity_period_of_a_CA_issued_certificate_is_checked_on_the_path()
    {
        var result = TrustingRoot().Verify(Sign(ca.Expired, Leaf));

        Assert.Equal(RejectReason.CertificateExpired, result.Reason);
    }

    [Fact]
    public void A_CA_issued_certificate_whose_key_usage_excludes_digitalSignature_is_refused()
    {
        var result = TrustingRoot().Verify(Sign(ca.NotForSigning, Leaf));

        Assert.Equal(RejectReason.CertificateNotForSigning, result.Reason);
        Assert.Contains("digitalSignature", result.Message);
    }

    [Fact]
    public void A_PKIPath_token_carries_the_intermediate_the_receiver_lacks()
    {
        // The receiver trusts the root only: the certificate alone cannot be chained, its PKIPath can.
        var twoLevel = X509CertificateLoader.LoadCertificate(ca.TwoLevelRoot.RawData);
        var alone = TrustingRoot(twoLevel).Verify(Sign(ca.UnderIntermediate, Leaf, [ca.Intermediate, ca.TwoLevelRoot]));
        var path = TrustingRoot(twoLevel).Verify(Sign(ca.UnderIntermediate, Path, [ca.Intermediate, ca.TwoLevelRoot]));

        Assert.Equal(RejectReason.CertificateUntrusted, alone.Reason);
        Assert.True(path.IsValid, path.ToString());
        Assert.Equal(CertificateInfo.Fingerprint(ca.UnderIntermediate), path.Fingerprint);
    }

    [Fact]
    public void A_PKIPath_token_is_written_with_its_value_type_and_the_signer_last()
    {
        var signed = Encoding.UTF8.GetString(Sign(ca.Signer, Path, [ca.Root.Certificate]));

        Assert.Contains($"ValueType=\"{WsNamespaces.PkiPathV1}\"", signed);
        var token = System.Text.RegularExpressions.Regex.Match(signed, "<wsse:BinarySecurityToken[^>]*>([^<]+)<").Groups[1].Value;
        var certificates = PkiPath.TryDecode(Convert.FromBase64String(token));
        Assert.NotNull(certificates);
        Assert.Equal([ca.Root.Certificate.RawData, ca.Signer.RawData], certificates);
    }

    [Fact]
    public void A_pinned_certificate_verifies_from_a_PKIPath_token_too()
    {
        var result = Verifiers.Trusting(ca.Signer).Verify(Sign(ca.Signer, Path, [ca.Root.Certificate]));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void A_PKIPath_whose_last_certificate_is_not_the_signer_is_rejected()
    {
        // The leaf is the last certificate of the path; one written in the other order names the CA as the signer.
        var signed = Encoding.UTF8.GetString(Sign(ca.Signer, Path, [ca.Root.Certificate]));
        var token = System.Text.RegularExpressions.Regex.Match(signed, "<wsse:BinarySecurityToken[^>]*>([^<]+)<").Groups[1].Value;
        var reversed = Convert.ToBase64String(PkiPath.Encode([ca.Root.Certificate, ca.Signer]));
        var tampered = Encoding.UTF8.GetBytes(signed.Replace(token, reversed, StringComparison.Ordinal));

        var result = new SignatureVerifier(new TrustSet([ca.Signer, ca.Root.PublicCertificate]), VerificationPolicy.Default, new FakeTimeProvider(KeyMaterial.Epoch)).Verify(tampered);

        Assert.Equal(RejectReason.SignatureInvalid, result.Reason);
    }

    [Fact]
    public void A_PKIPath_token_that_is_not_a_certificate_sequence_is_malformed()
    {
        var signed = Encoding.UTF8.GetString(Sign(ca.Signer, Path, [ca.Root.Certificate]));
        var token = System.Text.RegularExpressions.Regex.Match(signed, "<wsse:BinarySecurityToken[^>]*>([^<]+)<").Groups[1].Value;
        var tampered = Encoding.UTF8.GetBytes(signed.Replace(token, Convert.ToBase64String(ca.Signer.RawData), StringComparison.Ordinal));

        var result = TrustingRoot().Verify(tampered);

        Assert.Equal(RejectReason.TokenMalformed, result.Reason);
    }

    private SignatureVerifier TrustingRoot(X509Certificate2? root = null) =>
        new(new TrustSet([], new CertificateAuthorities([root ?? ca.Root.PublicCertificate])), VerificationPolicy.Default, new FakeTimeProvider(KeyMaterial.Epoch));

    private static byte[] Sign(X509Certificate2 signer, SignerSettings settings, IReadOnlyList<X509Certificate2>? issuers = null)
    {
        using var key = new SigningKey(signer, issuers);
        return Signers.Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), key, settings);
    }
}
