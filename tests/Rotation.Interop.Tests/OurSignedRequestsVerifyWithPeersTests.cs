using System.Security.Cryptography.X509Certificates;
using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Sender.Keys;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Sender.Contracts;

namespace Rotation.Interop.Tests;

/// <summary>
/// Requests as the sender's real WCF client signs and sends them (docs/DESIGN.md §10), captured on loopback and checked by
/// Apache WSS4J, zeep and xmlsec1 as a tenant in Verify Message mode would: both key references verify, a Body changed
/// on the way is refused by each.
/// </summary>
[Collection(Wss4j.Collection)]
public sealed class OurSignedRequestsVerifyWithPeersTests(PeerKeys keys, Wss4j wss4j) : IClassFixture<PeerKeys>
{
    private sealed record SentRequest(byte[] Bytes, X509Certificate2 Certificate, string OrderId);

    private async Task<SentRequest> SendSignedRequestAsync(KeyReference keyReference)
    {
        var tenantKey = keys[PeerKeyKind.Rsa2048];
        await using var capture = await RequestCapture.StartAsync(tenantKey);
        var keystore = SenderKeystore.InMemory(new SenderKeystoreOptions { SeedAlgorithm = KeyAlgorithm.Rsa2048, Signing = new RequestSigningSettings(true, keyReference) });
        var trust = TrustStore.InMemory(TrustMode.Single, [X509CertificateLoader.LoadCertificate(tenantKey.RawData)]);
        await using var client = new OrderClient(new OrderClientOptions { Endpoint = capture.Endpoint, Timeout = TimeSpan.FromSeconds(30) }, trust, TimeProvider.System, signing: keystore);
        var request = OrderSender.CreateRequest(Random.Shared.NextInt64(1, 99_999_999), "IOP");

        await client.SubmitOrderAsync(request);

        return new SentRequest(capture.LastRequest, keystore.Current.SigningKeyPair!.PublicCertificate, request.OrderId);
    }

    /// <summary>Sends a signed request and hands it to a peer twice: as sent, and with its Body changed on the way.</summary>
    private async Task<(SentRequest Sent, T Verdict, T Tampered)> CheckWithPeerAsync<T>(KeyReference keyReference, Func<string, string, Task<T>> verify)
    {
        using var workspace = new PeerWorkspace();
        var sent = await SendSignedRequestAsync(keyReference);
        var certificate = workspace.WriteCertificate(sent.Certificate);
        var verdict = await verify(workspace.Write("request.xml", sent.Bytes), certificate);
        var tampered = await verify(workspace.Write("tampered.xml", Tampering.ChangeOrderId(sent.Bytes, sent.OrderId)), certificate);
        return (sent, verdict, tampered);
    }

    [PeerTheory(Peer.Wss4j)]
    [InlineData(KeyReference.BinarySecurityToken, "DIRECT_REF")]
    [InlineData(KeyReference.IssuerSerial, "ISSUER_SERIAL")]
    public async Task Our_signed_request_verifies_with_wss4j_and_a_tampered_body_is_refused(KeyReference keyReference, string wss4jReference)
    {
        var (sent, verdict, tampered) = await CheckWithPeerAsync(keyReference, wss4j.VerifyAsync);

        Assert.True(verdict.Verified, "WSS4J rejected our signed request\n" + verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.SignedLocalNames.Order(StringComparer.Ordinal));
        Assert.Equal(wss4jReference, verdict.KeyReference);
        Assert.Equal(CertificateInfo.IssuerRfc2253(sent.Certificate), verdict.CertificateSubject);
        Assert.True(tampered.Rejected, "WSS4J accepted a request whose Body was changed\n" + tampered.Describe());
        Assert.Contains("The signature or decryption was invalid", tampered.Error, StringComparison.Ordinal);
    }

    [PeerTheory(Peer.Zeep)]
    [InlineData(KeyReference.BinarySecurityToken)]
    [InlineData(KeyReference.IssuerSerial)]
    public async Task Our_signed_request_verifies_with_zeep_and_a_tampered_body_is_refused(KeyReference keyReference)
    {
        var (_, verdict, tampered) = await CheckWithPeerAsync(keyReference, Zeep.VerifyAsync);

        Assert.True(verdict.Verified, "zeep rejected our signed request\n" + verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.ReferencedLocalNames.Order(StringComparer.Ordinal));
        Assert.True(tampered.Rejected, "zeep accepted a request whose Body was changed\n" + tampered.Describe());
    }

    [PeerTheory(Peer.XmlSec1)]
    [InlineData(KeyReference.BinarySecurityToken)]
    [InlineData(KeyReference.IssuerSerial)]
    public async Task Our_signed_request_verifies_with_xmlsec1_and_a_tampered_body_is_refused(KeyReference keyReference)
    {
        var (_, verdict, tampered) = await CheckWithPeerAsync(keyReference, XmlSec1.VerifyAsync);

        Assert.True(verdict.Verified, "xmlsec1 rejected our signed request\n" + verdict.Describe());
        Assert.Equal(["Body", "Timestamp"], verdict.DigestedElements.Order(StringComparer.Ordinal));
        Assert.True(tampered.Failed, "xmlsec1 accepted a request whose Body was changed\n" + tampered.Describe());
        Assert.Contains("data and digest do not match", tampered.Outcome.StandardError, StringComparison.Ordinal);
    }

    [PeerFact(Peer.XmlSec1)]
    public async Task Xmlsec1_finds_the_certificate_of_our_issuer_serial_request_by_itself()
    {
        using var workspace = new PeerWorkspace();
        var sent = await SendSignedRequestAsync(KeyReference.IssuerSerial);

        // xmlsec1 reads ds:X509Data only straight under KeyInfo; it gets no key, only candidates to look the issuer/serial up in.
        var lifted = workspace.Write("lifted.xml", KeyInfoForms.OutOfTokenReference(sent.Bytes));

        var verdict = await XmlSec1.VerifyByIssuerSerialAsync(lifted, workspace.WriteCertificate(sent.Certificate),
            workspace.WriteCertificate(keys.Stranger, "stranger"));

        Assert.True(verdict.Verified, "xmlsec1 did not resolve our X509IssuerSerial to the sender's certificate\n" + verdict.Describe());
    }
}
