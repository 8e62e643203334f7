using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// Envelopes signed by the xmlsec1 command from the templates in Peers/Templates, checked by our
/// SignatureVerifier with the signing certificate as the only trust. The templates differ from our
/// own output on purpose: indented, wsu declared on the Envelope (BST) or locally (IssuerSerial),
/// SOAP 1.1 and 1.2, an Id on ds:Signature, base64 wrapped by libxmlsec1.
/// </summary>
public sealed class XmlSec1SignaturesVerifyWithOursTests(PeerKeys keys) : IClassFixture<PeerKeys>
{
    public static TheoryData<string, KeyReference, SignatureAlgorithm, PeerKeyKind> Signatures
    {
        get
        {
            var data = new TheoryData<string, KeyReference, SignatureAlgorithm, PeerKeyKind>();
            foreach (var (template, keyReference) in new[]
            {
                (SigningTemplate.BinarySecurityTokenSoap11, KeyReference.BinarySecurityToken),
                (SigningTemplate.IssuerSerialSoap12, KeyReference.IssuerSerial),
            })
            {
                data.Add(template, keyReference, SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048);
                data.Add(template, keyReference, SignatureAlgorithm.RsaSha512, PeerKeyKind.Rsa2048);
                data.Add(template, keyReference, SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256);
                data.Add(template, keyReference, SignatureAlgorithm.EcdsaSha384, PeerKeyKind.EcP384);
            }
            // libxmlsec1 writes the issuer DN with RFC 2253 escapes ("CN=Acme\\, Inc. \\+ Partners,...", "CN=M\\C3\\BCller ..."): the verifier must read them.
            data.Add(SigningTemplate.IssuerSerialSoap12, KeyReference.IssuerSerial, SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256SpecialName);
            data.Add(SigningTemplate.IssuerSerialSoap12, KeyReference.IssuerSerial, SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256NonAsciiName);
            return data;
        }
    }

    [PeerTheory(Peer.XmlSec1)]
    [MemberData(nameof(Signatures))]
    public async Task Xmlsec1_signature_verifies_with_ours(string template, KeyReference keyReference, SignatureAlgorithm algorithm, PeerKeyKind kind)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var signed = await XmlSec1.SignTemplateAsync(workspace, template, certificate, algorithm, UnsignedResponses.NewOrderId());

        OurSide.AssertVerifies("xmlsec1", signed, certificate, keyReference, algorithm);
    }

    [PeerTheory(Peer.XmlSec1)]
    [InlineData(SigningTemplate.BinarySecurityTokenSoap11)]
    [InlineData(SigningTemplate.IssuerSerialSoap12)]
    public async Task Xmlsec1_signature_over_a_body_changed_afterwards_is_rejected_as_digest_mismatch(string template)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var orderId = UnsignedResponses.NewOrderId();
        var signed = await XmlSec1.SignTemplateAsync(workspace, template, certificate, SignatureAlgorithm.RsaSha256, orderId);

        OurSide.AssertChangedBodyIsDigestMismatch(signed, orderId, certificate);
    }

    [PeerFact(Peer.XmlSec1)]
    public async Task Xmlsec1_issuer_serial_signature_by_another_key_is_not_accepted()
    {
        // X509IssuerSerial names our trusted certificate, but the signature is made with a stranger's key.
        using var workspace = new PeerWorkspace();
        var trusted = keys[PeerKeyKind.Rsa2048];
        var stranger = workspace.WriteKeyPair(keys.Stranger, "stranger");
        var trustedPem = workspace.WriteCertificate(trusted, "trusted");
        var signed = await XmlSec1.SignTemplateAsync(workspace, SigningTemplate.IssuerSerialSoap12, trusted, SignatureAlgorithm.RsaSha256,
            UnsignedResponses.NewOrderId(), signingKey: stranger with { CertificatePem = trustedPem });
        Assert.Contains(CertificateInfo.SerialDecimal(trusted), System.Text.Encoding.UTF8.GetString(signed), StringComparison.Ordinal);

        var result = OurSide.Verify(signed, trusted);

        Assert.Equal(RejectReason.SignatureInvalid, result.Reason);
    }
}
