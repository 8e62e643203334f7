using System.ServiceModel;
using System.Text;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.Verification;
using Rotation.Sender.Contracts;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;

namespace Rotation.Sender.Tests;

/// <summary>The real WCF client with the verifying encoder against a real signing endpoint on loopback.</summary>
[Collection(SenderCollection.Name)]
public sealed class WcfClientTests(TestKeys keys)
{
    private static OrderClient Client(SigningTenant tenant, TrustStore trust, SoapVersion soap = SoapVersion.Soap11) =>
        new(new OrderClientOptions { Endpoint = tenant.Endpoint, SoapVersion = soap, Timeout = TimeSpan.FromSeconds(20) }, trust, TimeProvider.System);

    [Fact]
    public async Task Single_mode_accepts_the_trusted_key_and_names_it()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);

        var result = await client.SubmitOrderAsync(OrderSender.CreateRequest(1));

        Assert.Equal("ORD-00000001", result.Confirmation.OrderId);
        Assert.Equal("CNF-ORD-00000001", result.Confirmation.ConfirmationId);
        Assert.True(result.Verification.IsValid);
        Assert.Equal(keys.Old.Fingerprint, result.Verification.Fingerprint);
        Assert.Equal(1, trust.VerifiedCount(keys.Old.Fingerprint));
    }

    [Fact]
    public async Task Single_mode_rejects_another_key_with_a_typed_error()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Stranger);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);

        var rejected = await Assert.ThrowsAsync<ResponseRejectedException>(() => client.SubmitOrderAsync(OrderSender.CreateRequest(2)));

        Assert.Equal(RejectReason.CertificateUntrusted, rejected.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejected.ReasonMessage));
        Assert.Equal(0, trust.VerifiedCount(keys.Stranger.Fingerprint));
    }

    [Fact]
    public async Task Each_outcome_names_the_node_that_answered_and_rejections_are_counted_per_node()
    {
        // Two nodes behind a balancer, one still signing with a key the sender does not trust (docs/DESIGN.md §8).
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        tenant.NodePerRequest = n => n % 2 == 1 ? "node-1" : "node-2";
        tenant.KeyPerRequest = n => n % 2 == 1 ? keys.Old : keys.Stranger;
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);
        var sender = new OrderSender(client, TimeProvider.System);
        var statistics = new TrafficStatistics(TimeProvider.System);

        for (var i = 1; i <= 4; i++) statistics.Record(await sender.SendAsync(i));
        var verified = await sender.SendAsync(5);

        Assert.Equal((OutcomeKind.Verified, "node-1"), (verified.Kind, verified.Node));
        var byNode = Assert.Single(statistics.Snapshot().Totals.RejectedByNode);
        Assert.Equal(("node-2", nameof(RejectReason.CertificateUntrusted), 2L), (byNode.Node, byNode.Reason, byNode.Count));
        Assert.Equal(2, statistics.Snapshot().Totals.Verified);
    }

    [Fact]
    public async Task Overlap_mode_accepts_both_keys_and_reports_which_verified()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        var trust = TrustStore.InMemory(TrustMode.Overlap, [TestKeys.Public(keys.Old), TestKeys.Public(keys.New)]);
        await using var client = Client(tenant, trust);

        var byOld = await client.SubmitOrderAsync(OrderSender.CreateRequest(3));
        tenant.Key = keys.New;
        var byNew = await client.SubmitOrderAsync(OrderSender.CreateRequest(4));

        Assert.Equal(keys.Old.Fingerprint, byOld.Verification.Fingerprint);
        Assert.Equal(keys.New.Fingerprint, byNew.Verification.Fingerprint);
        Assert.Equal(Rotation.Shared.WsSecurity.SignatureAlgorithm.EcdsaSha256, byNew.Verification.Algorithm);
        Assert.Equal(1, trust.VerifiedCount(keys.Old.Fingerprint));
        Assert.Equal(1, trust.VerifiedCount(keys.New.Fingerprint));
    }

    [Fact]
    public async Task Wcf_does_not_fault_on_the_must_understand_security_header()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);

        var result = await client.SubmitOrderAsync(OrderSender.CreateRequest(5));

        // The header WCF would refuse without our encoder really was on the wire, with mustUnderstand set.
        var wire = Encoding.UTF8.GetString(tenant.LastResponse);
        Assert.Matches("<[A-Za-z0-9]+:Security [^>]*mustUnderstand=\"1\"", wire);
        Assert.True(result.Verification.IsValid);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, "actor", "http://schemas.xmlsoap.org/soap/actor/next")]
    [InlineData(SoapVersion.Soap12, "role", "http://www.w3.org/2003/05/soap-envelope/role/next")]
    [InlineData(SoapVersion.Soap12, "role", "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver")]
    public async Task Security_header_for_the_next_node_verifies_and_wcf_does_not_fault_on_it(SoapVersion soap, string attribute, string actor)
    {
        // docs/DESIGN.md §3 item 8. The Security element itself is not signed, so the actor added on the way keeps the signature valid.
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        tenant.AfterSigning = bytes => AddressSecurityTo(bytes, attribute, actor);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust, soap);

        var result = await client.SubmitOrderAsync(OrderSender.CreateRequest(14));

        Assert.Contains($":{attribute}=\"{actor}\"", Encoding.UTF8.GetString(tenant.LastResponse));
        Assert.Equal(keys.Old.Fingerprint, result.Verification.Fingerprint);
    }

    [Fact]
    public async Task Security_header_for_no_node_is_not_ours_and_the_response_is_rejected()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        tenant.AfterSigning = bytes => AddressSecurityTo(bytes, "role", "http://www.w3.org/2003/05/soap-envelope/role/none");
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust, SoapVersion.Soap12);

        var rejected = await Assert.ThrowsAsync<ResponseRejectedException>(() => client.SubmitOrderAsync(OrderSender.CreateRequest(15)));

        Assert.Equal(RejectReason.SecurityHeaderMissing, rejected.Reason);
    }

    /// <summary>Adds the SOAP actor/role attribute next to the Security header's mustUnderstand, in the envelope's prefix.</summary>
    private static byte[] AddressSecurityTo(byte[] signed, string attribute, string actor) =>
        Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(signed),
            "(<wsse:Security [^>]*?)([A-Za-z0-9]+):mustUnderstand=\"1\"", $"$1$2:mustUnderstand=\"1\" $2:{attribute}=\"{actor}\"", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));

    [Fact]
    public async Task Soap_1_2_round_trip_verifies()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust, SoapVersion.Soap12);

        var result = await client.SubmitOrderAsync(OrderSender.CreateRequest(6));

        Assert.StartsWith("application/soap+xml", tenant.LastRequestContentType);
        Assert.Contains("http://www.w3.org/2003/05/soap-envelope", Encoding.UTF8.GetString(tenant.LastResponse));
        Assert.Equal(keys.Old.Fingerprint, result.Verification.Fingerprint);
    }

    [Fact]
    public async Task A_one_megabyte_response_verifies()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);
        var request = OrderSender.CreateRequest(7);
        request.Note = "pad:1048576";

        var result = await client.SubmitOrderAsync(request);

        Assert.Equal(1_048_576, result.Confirmation.Echo?.Length);
        Assert.True(tenant.LastResponse.Length > 1_048_576);
        Assert.True(result.Verification.IsValid);
    }

    [Fact]
    public async Task An_unsigned_response_is_rejected_with_a_typed_error()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        tenant.SignResponses = false;
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);

        var rejected = await Assert.ThrowsAsync<ResponseRejectedException>(() => client.SubmitOrderAsync(OrderSender.CreateRequest(8)));

        Assert.Equal(RejectReason.SecurityHeaderMissing, rejected.Reason);
    }

    [Fact]
    public async Task A_response_changed_after_signing_is_rejected_through_the_wcf_path()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        tenant.AfterSigning = bytes => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("<Status>Accepted</Status>", "<Status>Rejected</Status>", StringComparison.Ordinal));
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);

        var rejected = await Assert.ThrowsAsync<ResponseRejectedException>(() => client.SubmitOrderAsync(OrderSender.CreateRequest(13)));

        Assert.Contains("<Status>Rejected</Status>", Encoding.UTF8.GetString(tenant.LastResponse));
        Assert.Equal(RejectReason.DigestMismatch, rejected.Reason);
    }

    [Fact]
    public async Task A_tampered_response_is_rejected_even_though_the_xml_is_fine()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        // The partner's view: a signed response whose body changed after signing (a proxy rewrote it).
        var signed = await SignedSample(tenant, trust);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("CNF-ORD-", "CNF-EVIL-", StringComparison.Ordinal));
        var verification = new ResponseVerification(trust, VerificationPolicy.Default, TimeProvider.System);

        Assert.True(verification.Verify(signed).IsValid);
        Assert.Equal(RejectReason.DigestMismatch, verification.Verify(tampered).Reason);
    }

    [Fact]
    public async Task A_signed_soap_fault_surfaces_as_a_fault_exception_and_records_who_signed_it()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);
        var request = OrderSender.CreateRequest(9);
        request.Note = "fault";
        var sink = new VerificationSink();

        var fault = await Assert.ThrowsAnyAsync<FaultException>(() => client.SubmitOrderAsync(request, sink));

        Assert.Contains("order refused", fault.Message);
        Assert.Contains("Fault", Encoding.UTF8.GetString(tenant.LastResponse));
        Assert.Equal(keys.Old.Fingerprint, sink.Result?.Fingerprint);
    }

    [Fact]
    public async Task An_unsigned_soap_fault_is_rejected_not_believed()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        tenant.SignResponses = false;
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);
        var request = OrderSender.CreateRequest(10);
        request.Note = "fault";

        var rejected = await Assert.ThrowsAsync<ResponseRejectedException>(() => client.SubmitOrderAsync(request));

        Assert.Equal(RejectReason.SecurityHeaderMissing, rejected.Reason);
    }

    [Fact]
    public async Task Outcomes_are_values_for_every_kind()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        await using var client = Client(tenant, trust);
        var sender = new OrderSender(client, TimeProvider.System);

        var verified = await sender.SendAsync(1);
        tenant.Key = keys.Stranger;
        var rejected = await sender.SendAsync(2);
        await using var nowhere = new OrderClient(new OrderClientOptions { Endpoint = new Uri("http://127.0.0.1:9/cxf/orders"), Timeout = TimeSpan.FromSeconds(5) }, trust, TimeProvider.System);
        var transport = await new OrderSender(nowhere, TimeProvider.System).SendAsync(3);

        Assert.Equal(OutcomeKind.Verified, verified.Kind);
        Assert.Equal(keys.Old.Fingerprint, verified.Fingerprint);
        Assert.Equal(OutcomeKind.Rejected, rejected.Kind);
        Assert.Equal(RejectReason.CertificateUntrusted, rejected.Reason);
        Assert.Equal(OutcomeKind.TransportError, transport.Kind);
    }

    [Fact]
    public async Task Https_transport_with_a_pinned_tenant_certificate_verifies_and_refuses_other_tls_certificates()
    {
        using var tls = TestCertificates.CurrentlyValid("CN=127.0.0.1", Rotation.Shared.Certificates.KeyAlgorithm.EcP256);
        await using var tenant = await SigningTenant.StartAsync(keys.Old, tls: tls);
        var trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]);
        Assert.Equal("https", tenant.Endpoint.Scheme);
        await using var pinned = new OrderClient(new OrderClientOptions
        {
            Endpoint = tenant.Endpoint,
            PinnedServerCertificate = TestKeys.Public(new Rotation.Shared.WsSecurity.SigningKey(tls)),
        }, trust, TimeProvider.System);
        await using var unpinned = new OrderClient(new OrderClientOptions { Endpoint = tenant.Endpoint, PinnedServerCertificate = TestKeys.Public(keys.Stranger) }, trust, TimeProvider.System);

        var result = await pinned.SubmitOrderAsync(OrderSender.CreateRequest(11));
        var refused = await new OrderSender(unpinned, TimeProvider.System).SendAsync(12);

        Assert.Equal(keys.Old.Fingerprint, result.Verification.Fingerprint);
        Assert.Equal(OutcomeKind.TransportError, refused.Kind);
        Assert.Equal(1, tenant.Requests);
    }

    private static async Task<byte[]> SignedSample(SigningTenant tenant, TrustStore trust)
    {
        await using var client = Client(tenant, trust);
        await client.SubmitOrderAsync(OrderSender.CreateRequest(42));
        return tenant.LastResponse;
    }
}
