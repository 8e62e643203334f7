using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>
/// The X509IssuerName our signer writes for the key reference IssuerSerial, held against libxmlsec1.
/// A receiver finds the certificate by parsing that string as an RFC 2253 DN (WSS4J with
/// X500Principal, libxmlsec1 with OpenSSL): most specific RDN first, "," between RDNs, special
/// characters escaped with a backslash. A DN in the wrong order or with a value changed does not
/// name the certificate, and the response cannot be verified there. (SignatureVerifier's reading
/// of such names is covered by XmlSec1SignaturesVerifyWithOursTests.)
/// </summary>
public sealed class IssuerNameAgreesWithPeersTests(PeerKeys keys) : IClassFixture<PeerKeys>
{
    // Only a plain DN: it has exactly one RFC 4514 rendering, and libxmlsec1's name matching ignores RDN
    // order, so string equality is what catches a reversed DN. Escaped values may be written in more
    // than one valid way; the test below checks those by lookup instead.
    [PeerTheory(Peer.XmlSec1)]
    [InlineData(PeerKeyKind.Rsa2048)]
    [InlineData(PeerKeyKind.EcP384)]
    public async Task Our_X509IssuerName_is_the_RFC_2253_string_libxmlsec1_writes(PeerKeyKind kind)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var algorithm = kind == PeerKeyKind.Rsa2048 ? SignatureAlgorithm.RsaSha256 : SignatureAlgorithm.EcdsaSha256;
        var theirs = await XmlSec1.SignTemplateAsync(workspace, SigningTemplate.IssuerSerialSoap12, certificate, algorithm, UnsignedResponses.NewOrderId());
        var ours = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()), certificate, KeyReference.IssuerSerial, algorithm);

        Assert.Equal(KeyInfoForms.IssuerName(theirs), KeyInfoForms.IssuerName(ours));
    }

    [PeerTheory(Peer.XmlSec1)]
    [InlineData(PeerKeyKind.Rsa2048)]
    [InlineData(PeerKeyKind.EcP256SpecialName)]
    // Not EcP256NonAsciiName: libxmlsec1 1.2.37 cannot find a certificate with a non-ASCII issuer even by the name it writes itself.
    public async Task Xmlsec1_finds_our_certificate_by_the_issuer_and_serial_we_write(PeerKeyKind kind)
    {
        using var workspace = new PeerWorkspace();
        var certificate = keys[kind];
        var algorithm = kind == PeerKeyKind.Rsa2048 ? SignatureAlgorithm.RsaSha256 : SignatureAlgorithm.EcdsaSha256;
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()), certificate, KeyReference.IssuerSerial, algorithm);
        // xmlsec1 reads ds:X509Data only straight under KeyInfo; it gets no key, only candidates to look the issuer/serial up in.
        var lifted = workspace.Write("lifted.xml", KeyInfoForms.OutOfTokenReference(signed));

        var verdict = await XmlSec1.VerifyByIssuerSerialAsync(lifted, workspace.WriteCertificate(certificate),
            workspace.WriteCertificate(keys.Stranger, "decoy"));

        Assert.True(verdict.Verified, $"xmlsec1 did not find the certificate named by X509IssuerName '{KeyInfoForms.IssuerName(signed)}'\n" + verdict.Describe());
    }

    [PeerFact(Peer.XmlSec1)]
    public async Task Xmlsec1_finds_no_certificate_for_an_issuer_and_serial_it_does_not_hold()
    {
        // The control for the test above: the lookup really depends on the name, not on "the only certificate around".
        using var workspace = new PeerWorkspace();
        var certificate = keys[PeerKeyKind.Rsa2048];
        var signed = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()), certificate, KeyReference.IssuerSerial, SignatureAlgorithm.RsaSha256);
        var lifted = KeyInfoForms.OutOfTokenReference(signed);
        var issuer = KeyInfoForms.IssuerName(signed);
        var renamed = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(lifted).Replace(issuer, issuer.Replace("Rotation Interop RSA", "Somebody Else", StringComparison.Ordinal), StringComparison.Ordinal));

        var verdict = await XmlSec1.VerifyByIssuerSerialAsync(workspace.Write("renamed.xml", renamed), workspace.WriteCertificate(certificate));

        Assert.False(verdict.Verified, verdict.Describe());
        Assert.Contains("key is not found", verdict.Outcome.StandardError, StringComparison.Ordinal);
    }
}
