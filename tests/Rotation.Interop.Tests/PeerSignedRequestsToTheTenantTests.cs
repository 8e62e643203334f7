using System.Security.Cryptography.X509Certificates;
using System.Text;
using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Interop.Tests.Peers;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Inbound;
using Rotation.Tenant.Contracts;

namespace Rotation.Interop.Tests;

/// <summary>
/// Requests signed by WSS4J, zeep and xmlsec1, posted over real HTTP to a tenant that requires signed requests
/// (docs/DESIGN.md §10): accepted when the peer's certificate is under one of the flow's public key aliases, refused
/// with a WS-Security fault when it is imported but not listed, and refused when the Body was changed after signing.
/// </summary>
[Collection(Wss4j.Collection)]
public sealed class PeerSignedRequestsToTheTenantTests(PeerKeys keys, Wss4j wss4j, PeerSignedRequestsToTheTenantTests.InboundTenant fixture)
    : IClassFixture<PeerKeys>, IClassFixture<PeerSignedRequestsToTheTenantTests.InboundTenant>
{
    /// <summary>A tenant on 127.0.0.1:0 whose flow requires requests signed under peer-rsa or peer-ec; stranger is imported but not listed.</summary>
    public sealed class InboundTenant : IAsyncLifetime
    {
        public OurTenant Tenant { get; private set; } = null!;

        public async Task InitializeAsync() => Tenant = await OurTenant.StartAsync(options => options with
        {
            InitialKeyAlgorithm = KeyAlgorithm.EcP256,
            Flow = new() { Inbound = new InboundVerification { Mode = InboundVerificationMode.Required, PublicKeyAliases = ["peer-rsa", "peer-ec"] } },
        });

        public async Task DisposeAsync() => await Tenant.DisposeAsync();
    }

    public static TheoryData<Wss4jKeyIdentifier, SoapVersion> Wss4jForms => new()
    {
        { Wss4jKeyIdentifier.BST_DIRECT_REFERENCE, SoapVersion.Soap11 },
        { Wss4jKeyIdentifier.ISSUER_SERIAL, SoapVersion.Soap12 },
        { Wss4jKeyIdentifier.SKI_KEY_IDENTIFIER, SoapVersion.Soap11 },
        { Wss4jKeyIdentifier.THUMBPRINT_IDENTIFIER, SoapVersion.Soap12 },
    };

    [PeerTheory(Peer.Wss4j)]
    [MemberData(nameof(Wss4jForms))]
    public async Task A_WSS4J_signed_request_is_accepted_under_a_listed_alias_and_refused_otherwise(Wss4jKeyIdentifier form, SoapVersion version)
    {
        await ImportAsync();
        using var workspace = new PeerWorkspace();
        var orderId = UnsignedResponses.NewOrderId();
        async Task<byte[]> SignAsync(X509Certificate2 certificate)
        {
            var outcome = await wss4j.SignAsync(workspace.Write("unsigned.xml", UnsignedRequests.Order(version, orderId)), workspace.WriteKeyPair(certificate),
                form, SignatureAlgorithm.RsaSha256, workspace.PathOf("signed.xml"));
            Assert.True(outcome.Succeeded, "WSS4J could not sign\n" + outcome.Describe());
            return workspace.Read("signed.xml");
        }

        await AssertAcceptedAsync(version, await SignAsync(keys[PeerKeyKind.Rsa2048]), orderId);
        await AssertRefusedAsync(version, await SignAsync(keys.Stranger), "SecurityTokenUnavailable");
        await AssertRefusedAsync(version, Tampering.ChangeOrderId(await SignAsync(keys[PeerKeyKind.Rsa2048]), orderId), "FailedCheck");
    }

    [PeerTheory(Peer.Zeep)]
    [InlineData(SoapVersion.Soap11, "rsa-sha256", PeerKeyKind.Rsa2048)]
    [InlineData(SoapVersion.Soap12, "ecdsa-sha256", PeerKeyKind.EcP256)]
    public async Task A_zeep_signed_request_is_accepted_under_a_listed_alias_and_refused_otherwise(SoapVersion version, string algorithm, PeerKeyKind kind)
    {
        await ImportAsync();
        using var workspace = new PeerWorkspace();
        var orderId = UnsignedResponses.NewOrderId();
        async Task<byte[]> SignAsync(X509Certificate2 certificate, string with)
        {
            var outcome = await Zeep.SignAsync(ZeepSigner.BinarySignature, with, workspace.WriteKeyPair(certificate),
                workspace.Write("unsigned.xml", UnsignedRequests.Order(version, orderId)), workspace.PathOf("signed.xml"));
            Assert.True(outcome.Succeeded, "zeep could not sign\n" + outcome.Describe());
            return workspace.Read("signed.xml");
        }

        await AssertAcceptedAsync(version, await SignAsync(keys[kind], algorithm), orderId);
        await AssertRefusedAsync(version, await SignAsync(keys.Stranger, "rsa-sha256"), "SecurityTokenUnavailable");
        await AssertRefusedAsync(version, Tampering.ChangeOrderId(await SignAsync(keys[kind], algorithm), orderId), "FailedCheck");
    }

    [PeerTheory(Peer.XmlSec1)]
    [InlineData(SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048)]
    [InlineData(SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256)]
    public async Task An_xmlsec1_signed_request_is_accepted_under_a_listed_alias_and_refused_otherwise(SignatureAlgorithm algorithm, PeerKeyKind kind)
    {
        await ImportAsync();
        using var workspace = new PeerWorkspace();
        var orderId = UnsignedResponses.NewOrderId();
        Task<byte[]> SignAsync(X509Certificate2 certificate, SignatureAlgorithm with) =>
            XmlSec1.SignTemplateAsync(workspace, SigningTemplate.BinarySecurityTokenRequestSoap11, certificate, with, orderId, UnsignedRequests.OrderContent(orderId));

        await AssertAcceptedAsync(SoapVersion.Soap11, await SignAsync(keys[kind], algorithm), orderId);
        await AssertRefusedAsync(SoapVersion.Soap11, await SignAsync(keys.Stranger, SignatureAlgorithm.RsaSha256), "SecurityTokenUnavailable");
        await AssertRefusedAsync(SoapVersion.Soap11, Tampering.ChangeOrderId(await SignAsync(keys[kind], algorithm), orderId), "FailedCheck");
    }

    private async Task ImportAsync()
    {
        await fixture.Tenant.ImportAsync("peer-rsa", keys[PeerKeyKind.Rsa2048]);
        await fixture.Tenant.ImportAsync("peer-ec", keys[PeerKeyKind.EcP256]);
        await fixture.Tenant.ImportAsync("stranger", keys.Stranger);
    }

    private async Task AssertAcceptedAsync(SoapVersion version, byte[] request, string orderId)
    {
        var (status, text) = await PostAsync(version, request);
        Assert.True(status == 200, $"the tenant refused a peer's request signed under a listed alias: {status} {text}\n{Encoding.UTF8.GetString(request)}");
        Assert.Contains($"<OrderId>{orderId}</OrderId>", text, StringComparison.Ordinal);
        Assert.Contains("CNF-", text, StringComparison.Ordinal);
    }

    private async Task AssertRefusedAsync(SoapVersion version, byte[] request, string fault)
    {
        var (status, text) = await PostAsync(version, request);
        Assert.True(status == (version == SoapVersion.Soap11 ? 500 : 400), $"{status} {text}");
        Assert.Contains($"wsse:{fault}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CNF-", text, StringComparison.Ordinal);
    }

    private async Task<(int Status, string Text)> PostAsync(SoapVersion version, byte[] request)
    {
        var (status, body) = await fixture.Tenant.PostAsync(version, request);
        return (status, Encoding.UTF8.GetString(body));
    }
}
