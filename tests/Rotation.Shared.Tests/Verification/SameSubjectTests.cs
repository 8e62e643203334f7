using Rotation.Shared.Certificates;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// docs/DESIGN.md §12: renewed certificates usually keep the subject. With two trusted certificates of one issuer and
/// subject, an IssuerSerial reference finds the right one by its serial, and the result names it by fingerprint.
/// </summary>
public sealed class SameSubjectTests : IDisposable
{
    private const string Subject = "CN=Rotation Tenant,O=Rotation,C=DE";
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _old =
        TestCertificates.AtEpoch(Subject, KeyAlgorithm.Rsa2048, TimeSpan.FromDays(-300), TimeSpan.FromDays(65));
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _new =
        TestCertificates.AtEpoch(Subject, KeyAlgorithm.Rsa2048, TimeSpan.FromDays(-1), TimeSpan.FromDays(364));

    [Theory]
    [InlineData(KeyReference.IssuerSerial)]
    [InlineData(KeyReference.BinarySecurityToken)]
    public void Each_of_two_same_subject_certificates_verifies_against_itself(KeyReference reference)
    {
        Assert.Equal(_old.IssuerName.RawData, _new.IssuerName.RawData);
        Assert.Equal(_old.SubjectName.RawData, _new.SubjectName.RawData);
        var verifier = Verifiers.Trusting(_old, _new);
        var settings = SignerSettings.Default with { KeyReference = reference };

        var byOld = verifier.Verify(Sign(_old, settings));
        var byNew = verifier.Verify(Sign(_new, settings));

        Assert.True(byOld.IsValid, byOld.ToString());
        Assert.True(byNew.IsValid, byNew.ToString());
        Assert.Equal(CertificateInfo.Fingerprint(_old), byOld.Fingerprint);
        Assert.Equal(CertificateInfo.Fingerprint(_new), byNew.Fingerprint);
    }

    [Fact]
    public void An_IssuerSerial_with_a_serial_neither_certificate_has_is_refused()
    {
        var signed = System.Text.Encoding.UTF8.GetString(Sign(_new, SignerSettings.Default with { KeyReference = KeyReference.IssuerSerial }));
        var serial = CertificateInfo.SerialDecimal(_new);
        var wrong = signed.Replace($">{serial}<", $">{serial[..^1]}{(serial[^1] == '1' ? '2' : '1')}<", StringComparison.Ordinal);
        Assert.NotEqual(signed, wrong);

        var result = Verifiers.Trusting(_old, _new).Verify(System.Text.Encoding.UTF8.GetBytes(wrong));

        Assert.Equal(RejectReason.CertificateUntrusted, result.Reason);
        Assert.Contains("no trusted certificate has issuer", result.Message);
    }

    [Fact]
    public void An_IssuerSerial_naming_the_other_same_subject_certificate_fails_its_signature_check()
    {
        // Signed with the new key but naming the old certificate's serial: same issuer and subject, the wrong key.
        var signed = System.Text.Encoding.UTF8.GetString(Sign(_new, SignerSettings.Default with { KeyReference = KeyReference.IssuerSerial }));
        var swapped = signed.Replace($">{CertificateInfo.SerialDecimal(_new)}<", $">{CertificateInfo.SerialDecimal(_old)}<", StringComparison.Ordinal);

        var result = Verifiers.Trusting(_old, _new).Verify(System.Text.Encoding.UTF8.GetBytes(swapped));

        Assert.Equal(RejectReason.SignatureInvalid, result.Reason);
        // The verifier's words tell the two apart: subject alone would not.
        Assert.Contains($"serial {CertificateInfo.SerialDecimal(_old)}", result.Message);
    }

    private static byte[] Sign(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, SignerSettings settings)
    {
        using var key = new SigningKey(certificate);
        return Signers.Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), key, settings);
    }

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
    }
}
