using System.Net;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.CpiApi;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Inbound;

/// <summary>
/// docs/DESIGN.md §10 when the signer step has no key pair to sign with (as between the two renames of an exchange on
/// /api/v1, docs/DESIGN.md §9): a refused request still gets its WS-Security fault, unsigned; a verified one the
/// "no key pair" fault, unsigned. Neither is an empty answer nor a generic error page.
/// </summary>
public sealed class InboundWithoutSigningKeyTests : IAsyncLifetime
{
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _sender = SignedRequests.NewSenderKey("CN=Sender, O=Rotation Sender");
    private TestTenant _tenant = null!;
    private string _alias = null!;

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.StartAsync(o => InboundTenant.Requiring(o, ["sender"]) with { CpiClients = CpiClient.Clients });
        await InboundTenant.ImportAsync(_tenant, "sender", _sender);
        _alias = _tenant.Host.State.Current.SignerStep.Alias;
        // The platform lets the signer step's alias go away (the first rename of an exchange); the admin API would not.
        using var client = CpiClient.ForBasic(_tenant.Host.BaseAddress);
        var (status, body, response) = await client.SendAsync(HttpMethod.Put, $"/api/v1/KeystoreEntries('{CpiClient.Hex(_alias)}')?renameAlias={_alias}-away", CpiClient.Json("""{"Alias":null}"""));
        response.Dispose();
        Assert.True(status == HttpStatusCode.NoContent, body);
    }

    public async Task DisposeAsync()
    {
        await _tenant.DisposeAsync();
        _sender.Dispose();
    }

    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public async Task A_refused_request_gets_its_WS_Security_fault_unsigned(SoapVersion version)
    {
        var (status, text, _, id) = await InboundTenant.SendAsync(_tenant, version, Soap.Envelope(version, "unsigned-no-key"));

        Assert.True(status == (version == SoapVersion.Soap11 ? 500 : 400), $"{status}: {text}");
        Assert.Contains(version == SoapVersion.Soap11
            ? "<faultcode>wsse:InvalidSecurity</faultcode>"
            : "<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>wsse:InvalidSecurity</s:Value></s:Subcode></s:Code>", text, StringComparison.Ordinal);
        Assert.StartsWith($"<s:Envelope xmlns:s=\"{(version == SoapVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12)}\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Security>", text[..text.IndexOf("<s:Body", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.DoesNotContain("no key pair", text, StringComparison.Ordinal);
        var row = await InboundTenant.MessageAsync(_tenant, id);
        Assert.Equal(MessageStatus.Rejected, row.GetProperty("status").Deserialize<MessageStatus>(TestTenant.Json));
        Assert.Equal("SecurityHeaderMissing", row.GetProperty("rejectReason").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("fingerprint").ValueKind);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public async Task A_verified_request_gets_the_no_key_pair_fault_unsigned(SoapVersion version)
    {
        var (status, text, _, id) = await InboundTenant.SendAsync(_tenant, version, SignedRequests.Sign(Soap.Envelope(version, "verified-no-key"), _sender));

        Assert.True(status == 500, $"{status}: {text}");
        Assert.Contains(version == SoapVersion.Soap11 ? "<faultcode>s:Server</faultcode>" : "<s:Value>s:Receiver</s:Value>", text, StringComparison.Ordinal);
        Assert.Contains($"no key pair under alias '{_alias}' to sign the response", WebUtility.HtmlDecode(text), StringComparison.Ordinal);
        Assert.DoesNotContain("CNF-", text, StringComparison.Ordinal);
        var row = await InboundTenant.MessageAsync(_tenant, id);
        Assert.Equal(MessageStatus.NoSigningKey, row.GetProperty("status").Deserialize<MessageStatus>(TestTenant.Json));
        Assert.Equal("sender", row.GetProperty("verifiedAlias").GetString());
        Assert.Equal(CertificateInfo.Fingerprint(_sender), row.GetProperty("verifiedFingerprint").GetString());
    }
}
