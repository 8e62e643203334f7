using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Inbound;
using Rotation.Tenant.Metrics;
using Rotation.Tenant.Signing;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Inbound;

/// <summary>
/// docs/DESIGN.md §10: the door hands the flow a verified request without the wsse:Security header verification
/// processed — exactly that header's bytes out, everything else (other headers, another actor's Security header, the
/// Body) as received, whatever characters and line breaks come before it.
/// </summary>
public sealed class VerifiedHeaderTests(InboundTenant fixture) : IClassFixture<InboundTenant>
{
    private const string Ours = $"<wsse:Security xmlns:wsse=\"{WsNamespaces.Wsse}\" s:mustUnderstand=\"1\"><wsse:BinarySecurityToken>QUJD</wsse:BinarySecurityToken></wsse:Security>";
    private const string Elsewhere = $"<wsse:Security xmlns:wsse=\"{WsNamespaces.Wsse}\" s:actor=\"urn:example:elsewhere\"><x/></wsse:Security>";

    /// <summary>Non-ASCII text (two-, three- and four-byte UTF-8, the last a surrogate pair to the reader) and CR LF, lone CR and LF line breaks before the header.</summary>
    private const string Preamble = "<!-- Bestellung für Müller \u20ac \ud83d\ude9a -->\r\n<!-- zweite\rZeile \ud83d\ude9a -->\n";

    private static string Envelope(string header) =>
        $"""<s:Envelope xmlns:s="{WsNamespaces.Soap11}">{Preamble}<s:Header>{Preamble}{header}</s:Header><s:Body><o>ü</o></s:Body></s:Envelope>""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_verified_header_is_located_to_the_byte_after_any_characters_and_line_breaks(bool withByteOrderMark)
    {
        var text = Envelope(Elsewhere + "<h:Note xmlns:h=\"urn:example:note\">é</h:Note>\r\n" + Ours + "\r<h:Trace xmlns:h=\"urn:example:trace\">\ud83d\ude9a</h:Trace>");
        var bytes = (withByteOrderMark ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var shape = SoapRequestShape.Read(bytes, securityUnderstood: true);

        Assert.Null(shape.Problem);
        var range = Assert.NotNull(shape.VerifiedSecurityHeader);
        Assert.Equal(Ours, Encoding.UTF8.GetString(bytes[range]));
    }

    [Fact]
    public void Without_verification_nothing_is_taken_out_and_a_mandatory_Security_header_is_not_understood()
    {
        var shape = SoapRequestShape.Read(Encoding.UTF8.GetBytes(Envelope(Ours)), securityUnderstood: false);

        Assert.Null(shape.VerifiedSecurityHeader);
        Assert.NotNull(shape.Problem);
        Assert.Equal(new System.Xml.XmlQualifiedName("Security", WsNamespaces.Wsse), shape.Problem.NotUnderstood);
    }

    [Fact]
    public void Only_another_actors_Security_header_leaves_nothing_to_take_out()
    {
        var shape = SoapRequestShape.Read(Encoding.UTF8.GetBytes(Envelope(Elsewhere)), securityUnderstood: true);

        Assert.Null(shape.Problem);
        Assert.Null(shape.VerifiedSecurityHeader);
    }

    [Fact]
    public async Task A_verified_request_with_other_headers_and_characters_before_its_Security_header_is_processed()
    {
        var signed = SignedRequests.Sign(Soap.Envelope(SoapVersion.Soap11, "vh-Müller-\ud83d\ude9a", "<h:Note xmlns:h=\"urn:example:note\">für</h:Note>"), fixture.SenderA);
        // Outside what the signature covers (Body and Timestamp): comments with every kind of line break, and another
        // actor's Security header, ahead of the one that is verified.
        var headerStart = signed.IndexOf("<s:Header>", StringComparison.Ordinal);
        var request = signed.Insert(headerStart + "<s:Header>".Length, Preamble + Elsewhere).Insert(headerStart, Preamble);

        var (status, text, _, id) = await InboundTenant.SendAsync(fixture.Tenant, SoapVersion.Soap11, request);

        Assert.True(status == 200, $"{status}: {text}");
        Assert.Contains("<OrderId>vh-Müller-\ud83d\ude9a</OrderId>", text, StringComparison.Ordinal);
        Assert.Equal("sender-a", (await InboundTenant.MessageAsync(fixture.Tenant, id)).GetProperty("verifiedAlias").GetString());
    }

    [Fact]
    public void The_door_hands_the_flow_a_verified_request_less_exactly_its_Security_header()
    {
        var signed = SignedRequests.Sign(Soap.Envelope(SoapVersion.Soap11, "vh-door"), fixture.SenderA);

        var admitted = Intake().Check(fixture.Tenant.Host.State.Current, Encoding.UTF8.GetBytes(signed), soap12: false);

        Assert.Null(admitted.Refused);
        Assert.Equal("sender-a", admitted.Inbound.Alias);
        var start = signed.IndexOf("<wsse:Security", StringComparison.Ordinal);
        var end = signed.IndexOf("</wsse:Security>", StringComparison.Ordinal) + "</wsse:Security>".Length;
        Assert.Equal(signed.Remove(start, end - start), Encoding.UTF8.GetString(admitted.ForTheFlow.Span));
    }

    [Fact]
    public void A_refused_request_is_handed_back_as_received()
    {
        var unsigned = Encoding.UTF8.GetBytes(Soap.Envelope(SoapVersion.Soap11, "vh-refused", Ours));

        var refused = Intake().Check(fixture.Tenant.Host.State.Current, unsigned, soap12: false);

        Assert.NotNull(refused.Refused);
        Assert.Equal(unsigned, refused.ForTheFlow.ToArray());
    }

    /// <summary>The door of the fixture's tenant, with its verifier and metrics.</summary>
    private RequestIntake Intake()
    {
        var services = fixture.Tenant.Host.App.Services;
        return new RequestIntake(services.GetRequiredService<InboundVerifier>(), services.GetRequiredService<TenantMetrics>(), TimeProvider.System);
    }
}
