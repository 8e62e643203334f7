using System.Text.Json;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Inbound;

/// <summary>
/// docs/DESIGN.md §10 over real HTTP: with inbound verification required, a request is processed only when its Body
/// and Timestamp are signed by a certificate under one of the flow's public key aliases, whichever way the signature
/// names its key; everything else gets a signed WS-Security fault of its SOAP version, a message log row with the
/// verifier's reason code and a count in the metrics, and no order is processed.
/// </summary>
public sealed class InboundVerificationTests(InboundTenant fixture) : IClassFixture<InboundTenant>
{
    private readonly TestTenant _tenant = fixture.Tenant;

    public static TheoryData<SoapVersion, KeyReference, string> Accepted()
    {
        var data = new TheoryData<SoapVersion, KeyReference, string>();
        foreach (var version in new[] { SoapVersion.Soap11, SoapVersion.Soap12 })
        foreach (var reference in new[] { KeyReference.BinarySecurityToken, KeyReference.IssuerSerial, KeyReference.SubjectKeyIdentifier, KeyReference.Thumbprint })
        foreach (var alias in new[] { "sender-a", "sender-b" })
            data.Add(version, reference, alias);
        return data;
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task A_request_signed_under_a_listed_alias_is_processed_and_logged_with_the_certificate_that_verified_it(SoapVersion version, KeyReference reference, string alias)
    {
        var key = alias == "sender-a" ? fixture.SenderA : fixture.SenderB;
        var orderId = $"in-{reference}-{alias}-{version}";
        var request = Signed(version, orderId, key, reference);

        var (status, text, body, id) = await InboundTenant.SendAsync(_tenant, version, request);

        Assert.True(status == 200, $"{status}: {text}");
        Assert.Contains($"<OrderId>{orderId}</OrderId>", text, StringComparison.Ordinal);
        Assert.Contains("CNF-", text, StringComparison.Ordinal);
        // The response to a verified request is signed as ever.
        var response = Soap.Verify(body, fixture.TenantCertificate);
        Assert.True(response.IsValid, response.ToString());
        var row = await InboundTenant.MessageAsync(_tenant, id);
        Assert.Equal(MessageStatus.Completed, row.GetProperty("status").Deserialize<MessageStatus>(TestTenant.Json));
        Assert.Equal(alias, row.GetProperty("verifiedAlias").GetString());
        Assert.Equal(Rotation.Shared.Certificates.CertificateInfo.Fingerprint(key), row.GetProperty("verifiedFingerprint").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("rejectReason").ValueKind);
    }

    public static TheoryData<SoapVersion, string> Refusals()
    {
        var data = new TheoryData<SoapVersion, string>();
        foreach (var version in new[] { SoapVersion.Soap11, SoapVersion.Soap12 })
        foreach (var refusal in RefusedRequests.Keys)
            data.Add(version, refusal);
        return data;
    }

    /// <summary>Each way a request fails, with the reason the verifier gives and the fault code the sender sees.</summary>
    private static readonly Dictionary<string, (Func<InboundTenant, SoapVersion, string> Request, RejectReason Reason, string Fault)> RefusedRequests = new()
    {
        ["alias not listed"] = ((f, v) => Signed(v, "r-stranger", f.Stranger), RejectReason.CertificateUntrusted, "SecurityTokenUnavailable"),
        ["listed alias not imported"] = ((f, v) => Signed(v, "r-next", f.SenderNext, KeyReference.IssuerSerial), RejectReason.CertificateUntrusted, "SecurityTokenUnavailable"),
        ["unsigned"] = ((_, v) => Soap.Envelope(v, "r-unsigned"), RejectReason.SecurityHeaderMissing, "InvalidSecurity"),
        ["tampered Body"] = ((f, v) => SignedRequests.TamperBody(Signed(v, "r-tampered", f.SenderA)), RejectReason.DigestMismatch, "FailedCheck"),
        ["expired Timestamp"] = ((f, v) => SignedRequests.Sign(Soap.Envelope(v, "r-expired"), f.SenderB, time: TwoMinutesAgo(), timeToLive: TimeSpan.FromMinutes(1)),
            RejectReason.TimestampExpired, "MessageExpired"),
        ["Body not signed"] = ((f, v) => SignedRequests.BodyIdOnTheOrder(Signed(v, "r-body", f.SenderA)), RejectReason.BodyNotSigned, "InvalidSecurity"),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_request_that_does_not_verify_gets_a_signed_WS_Security_fault_and_is_logged_with_its_reason(SoapVersion version, string refusal)
    {
        var (request, reason, fault) = RefusedRequests[refusal];

        var (status, text, body, id) = await InboundTenant.SendAsync(_tenant, version, request(fixture, version));

        // SOAP 1.1 answers a fault with 500, the SOAP 1.2 HTTP binding a Sender fault with 400.
        Assert.True(status == (version == SoapVersion.Soap11 ? 500 : 400), $"{status}: {text}");
        var ns = version == SoapVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12;
        Assert.StartsWith($"<s:Envelope xmlns:s=\"{ns}\" xmlns:wsse=\"{WsNamespaces.Wsse}\">", text, StringComparison.Ordinal);
        Assert.Contains(version == SoapVersion.Soap11
            ? $"<faultcode>wsse:{fault}</faultcode>"
            : $"<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>wsse:{fault}</s:Value></s:Subcode></s:Code>", text, StringComparison.Ordinal);
        // Nothing was processed, and nothing of the tenant's reasoning (reason code, certificates, aliases) leaks.
        Assert.DoesNotContain("CNF-", text, StringComparison.Ordinal);
        Assert.DoesNotContain(reason.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("sender-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CN=", text, StringComparison.Ordinal);
        var signature = Soap.Verify(body, fixture.TenantCertificate);
        Assert.True(signature.IsValid, signature.ToString());

        var row = await InboundTenant.MessageAsync(_tenant, id);
        Assert.Equal(MessageStatus.Rejected, row.GetProperty("status").Deserialize<MessageStatus>(TestTenant.Json));
        Assert.Equal(reason.ToString(), row.GetProperty("rejectReason").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("verifiedFingerprint").ValueKind);
        var metrics = await _tenant.Anonymous.GetStringAsync("/metrics");
        Assert.Contains($"rotation_tenant_requests_rejected_total{{reason=\"{reason}\",fault=\"{fault}\"}}", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public async Task Security_is_understood_but_any_other_mandatory_header_still_gets_a_MustUnderstand_fault(SoapVersion version)
    {
        var audit = $"<a:Audit xmlns:a=\"urn:example:audit\" s:mustUnderstand=\"{(version == SoapVersion.Soap11 ? "1" : "true")}\">trace</a:Audit>";
        var request = SignedRequests.Sign(Soap.Envelope(version, "mu-audit", audit), fixture.SenderA);
        Assert.Contains("mustUnderstand", request[..request.IndexOf("<s:Body", StringComparison.Ordinal)].Replace(audit, "", StringComparison.Ordinal), StringComparison.Ordinal);

        var (status, text, _, id) = await InboundTenant.SendAsync(_tenant, version, request);

        Assert.True(status == 500, $"{status}: {text}");
        Assert.Contains("s:MustUnderstand", text, StringComparison.Ordinal);
        Assert.Contains("Audit", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CNF-", text, StringComparison.Ordinal);
        // It was verified first: the row names the certificate.
        Assert.Equal("sender-a", (await InboundTenant.MessageAsync(_tenant, id)).GetProperty("verifiedAlias").GetString());
    }

    [Fact]
    public async Task The_message_log_answers_by_verifying_fingerprint_and_counts_per_verifying_certificate()
    {
        // The class's tests run one after another: from now on, only this test's requests arrive.
        var from = DateTimeOffset.UtcNow;
        var fingerprintA = Rotation.Shared.Certificates.CertificateInfo.Fingerprint(fixture.SenderA);
        var fingerprintB = Rotation.Shared.Certificates.CertificateInfo.Fingerprint(fixture.SenderB);
        var byA = new List<string>();
        for (var i = 0; i < 2; i++) byA.Add((await InboundTenant.SendAsync(_tenant, SoapVersion.Soap11, Signed(SoapVersion.Soap11, $"q-a-{i}", fixture.SenderA))).MessageId);
        var byB = (await InboundTenant.SendAsync(_tenant, SoapVersion.Soap12, Signed(SoapVersion.Soap12, "q-b", fixture.SenderB))).MessageId;

        var rowsA = await _tenant.GetJsonAsync(TenantRoutes.MessagesWhere(verifiedFingerprint: fingerprintA.ToUpperInvariant(), from: from));
        var rowsB = await _tenant.GetJsonAsync(TenantRoutes.MessagesWhere(verifiedAlias: "SENDER-B", from: from));
        var counts = await _tenant.GetJsonAsync(TenantRoutes.MessageCountsWhere(by: CountedBy.Verifying, from: from));

        Assert.Equal(byA.Order(), rowsA.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Order());
        Assert.Equal(byB, Assert.Single(rowsB.EnumerateArray()).GetProperty("id").GetString());
        var countA = counts.EnumerateArray().Single(c => c.GetProperty("fingerprint").GetString() == fingerprintA && c.GetProperty("status").Deserialize<MessageStatus>(TestTenant.Json) == MessageStatus.Completed);
        Assert.Equal(2, countA.GetProperty("count").GetInt64());
        Assert.Contains(counts.EnumerateArray(), c => c.GetProperty("fingerprint").GetString() == fingerprintB && c.GetProperty("count").GetInt64() == 1);
    }

    [Fact]
    public async Task The_inbound_view_shows_which_listed_aliases_hold_a_certificate()
    {
        var view = await _tenant.GetJsonAsync(TenantRoutes.Inbound);

        Assert.Equal(InboundVerificationMode.Required, view.GetProperty("mode").Deserialize<InboundVerificationMode>(TestTenant.Json));
        Assert.Equal(InboundTenant.ListedAliases, view.GetProperty("publicKeyAliases").EnumerateArray().Select(a => a.GetString()));
        var certificates = view.GetProperty("certificates").EnumerateArray().ToDictionary(c => c.GetProperty("alias").GetString()!);
        Assert.True(certificates["sender-a"].GetProperty("imported").GetBoolean());
        Assert.Equal(Rotation.Shared.Certificates.CertificateInfo.Fingerprint(fixture.SenderA), certificates["sender-a"].GetProperty("fingerprint").GetString());
        Assert.Equal(EntryKind.Certificate, certificates["sender-a"].GetProperty("kind").Deserialize<EntryKind>(TestTenant.Json));
        Assert.False(certificates["sender-next"].GetProperty("imported").GetBoolean());
        Assert.Equal(JsonValueKind.Null, certificates["sender-next"].GetProperty("fingerprint").ValueKind);
    }

    private static string Signed(SoapVersion version, string orderId, System.Security.Cryptography.X509Certificates.X509Certificate2 key, KeyReference reference = KeyReference.BinarySecurityToken) =>
        reference is KeyReference.SubjectKeyIdentifier or KeyReference.Thumbprint
            ? SignedRequests.WithKeyIdentifier(SignedRequests.Sign(Soap.Envelope(version, orderId), key), key, reference)
            : SignedRequests.Sign(Soap.Envelope(version, orderId), key, reference);

    private static TimeProvider TwoMinutesAgo() => new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-2));
}
