using System.Security.Cryptography;
using System.Text;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// docs/DESIGN.md §3 check 5: the key is a trusted certificate by exact encoding, found by BST
/// reference, issuer and serial (as X.500 names), subject key identifier or thumbprint, and
/// within its validity period.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class KeyTests(KeyMaterial keys) : HostileTestBase(keys)
{
    [Fact]
    public void Valid_signature_by_an_untrusted_certificate_in_the_BST_is_rejected()
    {
        var envelope = Envelope(token: Keys.Untrusted);
        TestSigner.Sign(envelope, Keys.Untrusted);

        AssertNaiveVerifierAccepts(envelope, Keys.Untrusted);
        var result = Verify(envelope);
        AssertRejected(RejectReason.CertificateUntrusted, result);
        Assert.Equal(KeyReference.BinarySecurityToken, result.KeyReference);
    }

    [Fact]
    public void Certificate_with_the_trusted_subject_issuer_and_serial_but_another_key_is_rejected()
    {
        // Only an exact encoding match makes a certificate trusted, never its names.
        var envelope = Envelope(token: Keys.Impostor);
        TestSigner.Sign(envelope, Keys.Impostor);

        Assert.Equal(Keys.RsaA.SubjectName.RawData, Keys.Impostor.SubjectName.RawData);
        Assert.Equal(Keys.RsaA.SerialNumber, Keys.Impostor.SerialNumber);
        AssertNaiveVerifierAccepts(envelope, Keys.Impostor);
        AssertRejected(RejectReason.CertificateUntrusted, Verify(envelope));
    }

    [Fact]
    public void IssuerSerial_naming_a_trusted_certificate_but_signed_by_another_key_is_rejected()
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.Impostor, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial(Keys.RsaA) });

        AssertNaiveVerifierAccepts(envelope, Keys.Impostor);
        var result = Verify(envelope);
        AssertRejected(RejectReason.SignatureInvalid, result);
        Assert.Equal(KeyReference.IssuerSerial, result.KeyReference);
    }

    [Fact]
    public void BST_reference_to_a_trusted_certificate_but_signed_by_another_key_is_rejected()
    {
        var envelope = Envelope(token: Keys.RsaA);
        TestSigner.Sign(envelope, Keys.Untrusted);

        AssertNaiveVerifierAccepts(envelope, Keys.Untrusted);
        AssertRejected(RejectReason.SignatureInvalid, Verify(envelope));
    }

    [Fact]
    public void Expired_certificate_is_rejected()
    {
        var envelope = Envelope(token: Keys.Expired);
        TestSigner.Sign(envelope, Keys.Expired);

        AssertNaiveVerifierAccepts(envelope, Keys.Expired);
        AssertRejected(RejectReason.CertificateExpired, Verify(envelope, trusted: Keys.Expired));
    }

    [Fact]
    public void Expired_certificate_referenced_by_IssuerSerial_is_rejected()
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.Expired, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial(Keys.Expired) });

        AssertRejected(RejectReason.CertificateExpired, Verify(envelope, trusted: Keys.Expired));
    }

    [Fact]
    public void Not_yet_valid_certificate_is_rejected()
    {
        var envelope = Envelope(token: Keys.NotYetValid);
        TestSigner.Sign(envelope, Keys.NotYetValid);

        AssertNaiveVerifierAccepts(envelope, Keys.NotYetValid);
        AssertRejected(RejectReason.CertificateNotYetValid, Verify(envelope, trusted: Keys.NotYetValid));
    }

    [Fact]
    public void Certificate_validity_is_judged_at_the_verifiers_clock()
    {
        // The same envelope, its timestamp fresh each time, verified on both sides of the certificate's expiry.
        var notAfter = new DateTimeOffset(Keys.RsaA.NotAfter.ToUniversalTime());
        foreach (var (now, expected) in new[] { (notAfter.AddMinutes(-1), RejectReason.None), (notAfter.AddMinutes(1), RejectReason.CertificateExpired) })
        {
            var envelope = CraftedEnvelope.Create(SoapVersion.Soap11, now, Keys.RsaA);
            TestSigner.Sign(envelope, Keys.RsaA);
            Assert.Equal(expected, Verify(envelope, now: now).Reason);
        }
    }

    [Fact]
    public void Certificate_validity_check_can_be_switched_off_by_policy()
    {
        var envelope = Envelope(token: Keys.Expired);
        TestSigner.Sign(envelope, Keys.Expired);

        AssertValid(Verify(envelope, VerificationPolicy.Default with { CheckCertificateValidity = false }, trusted: Keys.Expired), Keys.Expired);
    }

    public static TheoryData<string, string> IssuerNameForms() => new()
    {
        // RFC 2253 as WSS4J and `openssl x509 -nameopt RFC2253` write it: most specific RDN first.
        { "plain RFC 2253", "CN=Rotation Tenant A,O=Rotation,C=DE" },
        { "with spaces", "CN=Rotation Tenant A, O=Rotation, C=DE" },
        { "lower-case attribute types", "cn=Rotation Tenant A,o=Rotation,c=DE" },
        { "value case differs", "CN=ROTATION TENANT A,O=rotation,C=de" },
    };

    [Theory]
    [MemberData(nameof(IssuerNameForms))]
    public void IssuerSerial_resolves_the_issuer_in_the_forms_other_stacks_write(string form, string issuerName)
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial(issuerName, KeyMaterial.SerialDecimal(Keys.RsaA)) });

        var result = Verify(envelope);
        Assert.True(result.IsValid, $"{form}: {result}");
        Assert.Equal(KeyReference.IssuerSerial, result.KeyReference);
    }

    [Fact]
    public void Issuer_names_used_here_are_what_RFC_2253_renderers_print()
    {
        // Checked against `openssl x509 -noout -issuer -nameopt RFC2253` when this suite was written.
        Assert.Equal("CN=Rotation Tenant A,O=Rotation,C=DE", Rfc2253.Format(Keys.RsaA.IssuerName));
        Assert.Equal("CN=Rotation\\, Test,O=Rotation", Rfc2253.Format(Keys.EscapedDn.IssuerName));
    }

    [Theory]
    [InlineData("WSS4J backslash escape", "CN=Rotation\\, Test,O=Rotation")]
    [InlineData("hex escape", "CN=Rotation\\2C Test,O=Rotation")]
    [InlineData("quoted value", "CN=\"Rotation, Test\",O=Rotation")]
    [InlineData("escaped with spaces", "CN=Rotation\\, Test, O=Rotation")]
    public void IssuerSerial_resolves_an_issuer_with_a_comma_in_a_value(string form, string issuerName)
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.EscapedDn, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial(issuerName, KeyMaterial.SerialDecimal(Keys.EscapedDn)) });

        var result = Verify(envelope, trusted: [Keys.RsaA, Keys.EscapedDn]);
        Assert.True(result.IsValid, $"{form}: {result}");
        AssertValid(result, Keys.EscapedDn);
    }

    [Fact]
    public void IssuerSerial_with_the_issuer_in_reverse_order_does_not_resolve()
    {
        // "C=DE,O=Rotation,CN=Rotation Tenant A" is another name in RFC 2253: an X.500 comparison must not match it.
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial("C=DE,O=Rotation,CN=Rotation Tenant A", KeyMaterial.SerialDecimal(Keys.RsaA)) });

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.CertificateUntrusted, RejectReason.KeyNotFound);
    }

    [Fact]
    public void IssuerSerial_with_the_right_issuer_and_a_wrong_serial_does_not_resolve()
    {
        var envelope = Envelope(token: null);
        var serial = System.Numerics.BigInteger.Parse(KeyMaterial.SerialDecimal(Keys.RsaA), System.Globalization.CultureInfo.InvariantCulture) + 1;
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial("CN=Rotation Tenant A,O=Rotation,C=DE", serial.ToString(System.Globalization.CultureInfo.InvariantCulture)) });

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.CertificateUntrusted, RejectReason.KeyNotFound);
    }

    [Fact]
    public void IssuerSerial_of_an_untrusted_certificate_does_not_resolve()
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.Untrusted, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial("CN=Mallory,O=Elsewhere", KeyMaterial.SerialDecimal(Keys.Untrusted)) });

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.CertificateUntrusted, RejectReason.KeyNotFound);
    }

    [Theory]
    [InlineData(KeyReference.SubjectKeyIdentifier)]
    [InlineData(KeyReference.Thumbprint)]
    public void Key_identifier_resolves_a_trusted_certificate(KeyReference kind)
    {
        foreach (var certificate in new[] { Keys.RsaB, Keys.EcP256 })
        {
            var envelope = Envelope(token: null);
            TestSigner.Sign(envelope, certificate, new SignatureSpec
            {
                SignatureMethod = certificate == Keys.EcP256 ? AlgorithmUris.EcdsaSha256 : AlgorithmUris.RsaSha256,
                KeyInfoXml = kind == KeyReference.SubjectKeyIdentifier ? KeyInfos.SubjectKeyIdentifier(certificate) : KeyInfos.Thumbprint(certificate),
            });

            var result = Verify(envelope, trusted: [Keys.RsaA, Keys.RsaB, Keys.EcP256]);
            AssertValid(result, certificate);
            Assert.Equal(kind, result.KeyReference);
        }
    }

    [Fact]
    public void Subject_key_identifier_is_computed_when_the_certificate_has_no_extension()
    {
        // WSS4J computes the SKI (SHA-1 of the public key bits) for certificates without the extension.
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=No SKI,O=Rotation", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var bare = request.CreateSelfSigned(KeyMaterial.Epoch.AddDays(-1), KeyMaterial.Epoch.AddDays(1));
        Assert.DoesNotContain(bare.Extensions, e => e is X509SubjectKeyIdentifierExtension);
        var ski = SHA1.HashData(bare.PublicKey.EncodedKeyValue.RawData);
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, rsa, new SignatureSpec { KeyInfoXml = KeyInfos.KeyIdentifier(WsNamespaces.X509SubjectKeyIdentifier, ski) });

        var result = Verify(envelope, trusted: bare);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(KeyReference.SubjectKeyIdentifier, result.KeyReference);
    }

    [Theory]
    [InlineData(KeyReference.SubjectKeyIdentifier)]
    [InlineData(KeyReference.Thumbprint)]
    public void Key_identifier_of_an_untrusted_certificate_does_not_resolve(KeyReference kind)
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.Untrusted, new SignatureSpec
        {
            KeyInfoXml = kind == KeyReference.SubjectKeyIdentifier ? KeyInfos.SubjectKeyIdentifier(Keys.Untrusted) : KeyInfos.Thumbprint(Keys.Untrusted),
        });

        AssertNaiveVerifierAccepts(envelope, Keys.Untrusted);
        AssertRejectedAsOneOf(Verify(envelope), RejectReason.CertificateUntrusted, RejectReason.KeyNotFound);
    }

    [Fact]
    public void Embedded_certificate_resolves_by_exact_encoding_as_zeeps_Signature_sends_it()
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaB, new SignatureSpec { KeyInfoXml = KeyInfos.EmbeddedCertificate(Keys.RsaB) });

        var result = Verify(envelope, trusted: [Keys.RsaA, Keys.RsaB]);
        AssertValid(result, Keys.RsaB);
        Assert.Equal(KeyReference.EmbeddedCertificate, result.KeyReference);
    }

    [Fact]
    public void Embedded_certificate_that_is_not_trusted_is_rejected_though_its_signature_is_valid()
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.Untrusted, new SignatureSpec { KeyInfoXml = KeyInfos.EmbeddedCertificate(Keys.Untrusted) });

        AssertNaiveVerifierAccepts(envelope, Keys.Untrusted);
        AssertRejected(RejectReason.CertificateUntrusted, Verify(envelope));
    }

    [Fact]
    public void Embedded_certificate_we_trust_but_signed_by_another_key_is_rejected()
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.Impostor, new SignatureSpec { KeyInfoXml = KeyInfos.EmbeddedCertificate(Keys.RsaA) });

        AssertRejected(RejectReason.SignatureInvalid, Verify(envelope));
    }

    [Fact]
    public void Key_reference_of_an_unsupported_kind_is_rejected()
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec
        {
            KeyInfoXml = $"<wsse:SecurityTokenReference xmlns:wsse=\"{WsNamespaces.Wsse}\"><wsse:KeyIdentifier ValueType=\"http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.0#SAMLAssertionID\">_a1</wsse:KeyIdentifier></wsse:SecurityTokenReference>",
        });

        AssertRejected(RejectReason.KeyReferenceUnsupported, Verify(envelope));
    }

    [Fact]
    public void KeyInfo_with_a_bare_KeyValue_is_not_a_trusted_key()
    {
        // The classic: the signature carries its own public key. Trusting it would trust anyone.
        var envelope = Envelope(token: null);
        using var mallory = Keys.Untrusted.GetRSAPrivateKey()!;
        TestSigner.Sign(envelope, mallory, new SignatureSpec
        {
            KeyInfoXml = $"<ds:KeyValue xmlns:ds=\"{WsNamespaces.Ds}\">{new System.Security.Cryptography.Xml.RSAKeyValue(mallory).GetXml().InnerXml}</ds:KeyValue>",
        });

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.KeyReferenceUnsupported, RejectReason.KeyNotFound, RejectReason.CertificateUntrusted);
    }

    [Fact]
    public void BST_of_another_token_type_is_not_read_as_a_certificate()
    {
        var envelope = Envelope(token: Keys.RsaA);
        envelope.Token!.SetAttribute("ValueType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509PKIPathv1");
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertRejected(RejectReason.KeyReferenceUnsupported, Verify(envelope));
    }

    [Fact]
    public void BST_whose_content_is_not_a_certificate_is_rejected()
    {
        var envelope = Envelope(token: Keys.RsaA);
        envelope.Token!.InnerText = Convert.ToBase64String(Encoding.UTF8.GetBytes("not a certificate"));
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.CertificateUntrusted, RejectReason.Malformed, RejectReason.KeyNotFound);
    }

    [Fact]
    public void BST_reference_to_a_token_that_is_not_there_is_rejected()
    {
        var envelope = Envelope(token: Keys.RsaA);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.TokenReference("X509-missing") });

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.KeyNotFound, RejectReason.ReferenceNotFound);
    }

    [Fact]
    public void BST_reference_to_a_token_outside_the_Security_header_is_rejected()
    {
        // The untrusted token is in the Security header; a trusted one planted elsewhere must not stand in for it.
        var envelope = Envelope(token: Keys.Untrusted);
        envelope.Header.AppendChild(envelope.Fragment(
            $"<x:Elsewhere xmlns:x=\"urn:x\"><wsse:BinarySecurityToken wsu:Id=\"X509-planted\" ValueType=\"{WsNamespaces.X509v3}\" EncodingType=\"{WsNamespaces.Base64Binary}\">{Convert.ToBase64String(Keys.RsaA.RawData)}</wsse:BinarySecurityToken></x:Elsewhere>"));
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.TokenReference("X509-planted") });

        AssertRejectedAsOneOf(Verify(envelope), RejectReason.KeyNotFound, RejectReason.ReferenceNotAllowed, RejectReason.CertificateUntrusted);
    }

    [Fact]
    public void Trust_set_of_two_reports_the_certificate_that_verified()
    {
        var envelope = Envelope(token: Keys.RsaB);
        TestSigner.Sign(envelope, Keys.RsaB);

        var result = Verify(envelope, trusted: [Keys.RsaA, Keys.RsaB]);
        AssertValid(result, Keys.RsaB);
        Assert.NotEqual(Certificates.CertificateInfo.Fingerprint(Keys.RsaA), result.Fingerprint);
    }

    [Fact]
    public void Trusting_a_certificate_with_its_private_key_does_not_leak_the_key_into_results()
    {
        var envelope = Envelope();
        TestSigner.Sign(envelope, Keys.RsaA);

        var result = Verify(envelope);
        Assert.True(Keys.RsaA.HasPrivateKey);
        Assert.False(result.VerifiedBy!.HasPrivateKey);
    }
}
