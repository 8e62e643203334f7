using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// X509IssuerName is text an attacker controls: odd DNs must be rejected as values, never thrown,
/// and the harder legitimate forms (non-ASCII, hex-escaped UTF-8, multi-valued RDNs) must resolve.
/// Uses EC P-256 certificates, which are quick to create per test.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class IssuerNameTests(KeyMaterial keys) : HostileTestBase(keys)
{
    private static X509Certificate2 Certificate(string subject) =>
        TestCertificates.AtEpoch(subject, KeyAlgorithm.EcP256, TimeSpan.FromDays(-1), TimeSpan.FromDays(30));

    private VerificationResult SignAndVerify(X509Certificate2 certificate, string issuerName)
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, certificate, new SignatureSpec
        {
            SignatureMethod = AlgorithmUris.EcdsaSha256,
            KeyInfoXml = KeyInfos.IssuerSerial(issuerName, KeyMaterial.SerialDecimal(certificate)),
        });
        return Verify(envelope, trusted: [Keys.RsaA, certificate]);
    }

    [Theory]
    [InlineData("as written by an RFC 2253 renderer", null)]
    [InlineData("hex-escaped UTF-8", "CN=Gr\\C3\\BC\\C3\\9Fe M\\C3\\BCller,O=Rotation")]
    [InlineData("literal UTF-8", "CN=Grüße Müller,O=Rotation")]
    [InlineData("case folded", "CN=GRÜSSE MÜLLER,O=ROTATION")]
    public void Non_ASCII_issuer_resolves(string form, string? issuerName)
    {
        using var certificate = Certificate("CN=Grüße Müller,O=Rotation");
        var result = SignAndVerify(certificate, issuerName ?? Rfc2253.Format(certificate.IssuerName));

        if (form == "case folded")
        {
            // "ß" upper-cases to "SS" only under full case folding; either answer is defensible, neither may throw.
            Assert.True(result.IsValid || result.Reason is RejectReason.CertificateUntrusted or RejectReason.KeyNotFound, result.ToString());
            return;
        }
        Assert.True(result.IsValid, $"{form}: {result}");
        Assert.Equal(KeyReference.IssuerSerial, result.KeyReference);
    }

    [Theory]
    [InlineData("CN=Multi+O=Rotation,C=DE")]
    [InlineData("O=Rotation+CN=Multi,C=DE")]
    public void Multi_valued_RDN_resolves_in_either_attribute_order(string issuerName)
    {
        // .NET's DN parser reads "+" as text, so the multi-valued RDN is encoded by hand.
        using var certificate = MultiValuedCertificate();
        Assert.Equal(2, DistinguishedName.Rdns(certificate.IssuerName)[0].Count);

        var result = SignAndVerify(certificate, issuerName);
        Assert.True(result.IsValid, $"{issuerName}: {result}");
    }

    private static X509Certificate2 MultiValuedCertificate()
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSetOf()) Attribute(writer, "2.5.4.6", "DE", System.Formats.Asn1.UniversalTagNumber.PrintableString);
            using (writer.PushSetOf())
            {
                Attribute(writer, "2.5.4.3", "Multi", System.Formats.Asn1.UniversalTagNumber.UTF8String);
                Attribute(writer, "2.5.4.10", "Rotation", System.Formats.Asn1.UniversalTagNumber.UTF8String);
            }
        }
        var name = new X500DistinguishedName(writer.Encode());
        // CreateSelfSigned keeps the key with the certificate; the key object may go.
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(name, ec, System.Security.Cryptography.HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(KeyMaterial.Epoch.AddDays(-1), KeyMaterial.Epoch.AddDays(30));
    }

    private static void Attribute(System.Formats.Asn1.AsnWriter writer, string oid, string value, System.Formats.Asn1.UniversalTagNumber type)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteCharacterString(type, value);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("CN")]
    [InlineData("CN=")]
    [InlineData("=Rotation")]
    [InlineData("CN=Rotation Tenant A,")]
    [InlineData(",,,")]
    [InlineData("CN=a\\")]
    [InlineData("CN=a\\G0")]
    [InlineData("CN=a\\C3")]
    [InlineData("CN=\"unterminated,O=Rotation")]
    [InlineData("CN=a+")]
    [InlineData("1.2.3=#0403616263")]
    [InlineData("1.2.3=#04")]
    [InlineData("2.5.4.3=#ZZ")]
    [InlineData("99999999999999999999999999999999.1=x")]
    public void Odd_issuer_name_is_a_rejection_not_an_exception(string issuerName)
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial(issuerName, KeyMaterial.SerialDecimal(Keys.RsaA)) });

        VerificationResult result;
        try { result = Verify(envelope); }
        catch (Exception e) { Assert.Fail($"'{issuerName}': the verifier threw {e.GetType().Name}: {e.Message}"); return; }

        AssertRejectedAsOneOf(result, RejectReason.Malformed, RejectReason.CertificateUntrusted, RejectReason.KeyNotFound);
    }

    [Fact]
    public void Enormous_issuer_name_is_rejected_quickly()
    {
        var issuerName = string.Concat(Enumerable.Repeat("OU=x\\,y+OU=\\C3\\BC,", 20_000)) + "CN=Rotation Tenant A";
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial(issuerName, KeyMaterial.SerialDecimal(Keys.RsaA)) });
        var started = System.Diagnostics.Stopwatch.StartNew();

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.Malformed, RejectReason.CertificateUntrusted, RejectReason.KeyNotFound);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0x12")]
    [InlineData("12 34")]
    [InlineData("")]
    public void Odd_serial_number_is_a_rejection_not_an_exception(string serial)
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial(Rfc2253.Format(Keys.RsaA.IssuerName), serial) });

        VerificationResult result;
        try { result = Verify(envelope); }
        catch (Exception e) { Assert.Fail($"'{serial}': the verifier threw {e.GetType().Name}: {e.Message}"); return; }

        AssertRejectedAsOneOf(result, RejectReason.Malformed, RejectReason.CertificateUntrusted, RejectReason.KeyNotFound);
    }
}
