using System.Text;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;

namespace Rotation.Shared.Tests.Verification;

/// <summary>docs/DESIGN.md §3 check 1 and the envelope itself: DTDs and entities, size, well-formedness, SOAP.</summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class ParsingTests(KeyMaterial keys) : HostileTestBase(keys)
{
    /// <summary>A validly signed envelope with a document type declaration put in front.</summary>
    private byte[] WithDoctype(string doctype, string? bodyMarker = null)
    {
        var text = Encoding.UTF8.GetString(SignedEnvelope().ToBytes());
        if (bodyMarker is not null) text = text.Replace("PO-4711", "PO-4711" + bodyMarker, StringComparison.Ordinal);
        return Utf8(doctype + text);
    }

    [Fact]
    public void Internal_DTD_subset_is_rejected()
    {
        AssertRejected(RejectReason.DtdProhibited, Verify(WithDoctype("<!DOCTYPE s:Envelope [<!ELEMENT s:Envelope ANY>]>")));
    }

    [Fact]
    public void Internal_entity_is_rejected()
    {
        AssertRejected(RejectReason.DtdProhibited, Verify(WithDoctype("<!DOCTYPE s:Envelope [<!ENTITY po \"-99\">]>", "&po;")));
    }

    [Fact]
    public void External_entity_is_rejected_without_being_resolved()
    {
        AssertRejected(RejectReason.DtdProhibited, Verify(WithDoctype("<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>", "&xxe;")));
    }

    [Fact]
    public void External_DTD_is_rejected_without_being_fetched()
    {
        AssertRejected(RejectReason.DtdProhibited, Verify(WithDoctype("<!DOCTYPE s:Envelope SYSTEM \"http://127.0.0.1:9/evil.dtd\">")));
    }

    [Fact]
    public void Entity_expansion_bomb_is_rejected_quickly()
    {
        var laughs = new StringBuilder("<!DOCTYPE s:Envelope [<!ENTITY l0 \"lol\">");
        for (var i = 1; i <= 9; i++) laughs.Append($"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">");
        laughs.Append("]>");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = Verify(WithDoctype(laughs.ToString(), "&l9;"));

        AssertRejected(RejectReason.DtdProhibited, result);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}: the entities were expanded");
    }

    [Fact]
    public void Document_over_the_policy_size_limit_is_rejected_and_one_at_the_limit_is_not()
    {
        var bytes = SignedEnvelope().ToBytes();

        AssertRejected(RejectReason.TooLarge, Verify(bytes, VerificationPolicy.Default with { MaxDocumentBytes = bytes.Length - 1 }));
        AssertValid(Verify(bytes, VerificationPolicy.Default with { MaxDocumentBytes = bytes.Length }), Keys.RsaA);
    }

    [Fact]
    public void Document_over_the_default_16_MiB_limit_is_rejected()
    {
        var text = Encoding.UTF8.GetString(SignedEnvelope().ToBytes());
        // The padding is a comment after the Body: inside the Envelope, outside anything signed.
        var padded = text.Replace("</s:Envelope>", "<!--" + new string('x', VerificationPolicy.Default.MaxDocumentBytes) + "--></s:Envelope>", StringComparison.Ordinal);

        AssertRejected(RejectReason.TooLarge, Verify(Utf8(padded)));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(20_000)]
    public void Body_nested_deeper_than_the_policy_allows_is_rejected(int depth)
    {
        // Spliced in as text: neither the DOM writer nor SignedXml copes with such depth, and the
        // depth check must come before anything that recurses (so the broken digest never matters).
        var nested = string.Concat(Enumerable.Repeat("<n:x xmlns:n=\"urn:n\">", depth)) + string.Concat(Enumerable.Repeat("</n:x>", depth));
        var envelope = Utf8(Encoding.UTF8.GetString(SignedEnvelope().ToBytes()).Replace("PO-4711", nested, StringComparison.Ordinal));

        AssertRejected(RejectReason.NestingTooDeep, Verify(envelope));
    }

    [Fact]
    public void Nesting_limit_follows_the_policy()
    {
        var envelope = SignedEnvelope();

        AssertRejected(RejectReason.NestingTooDeep, Verify(envelope, VerificationPolicy.Default with { MaxNestingDepth = 3 }));
        AssertValid(Verify(envelope, VerificationPolicy.Default with { MaxNestingDepth = 16 }), Keys.RsaA);
    }

    [Fact]
    public void Envelope_with_a_UTF8_byte_order_mark_and_declaration_is_accepted()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")).Concat(SignedEnvelope().ToBytes()).ToArray();

        AssertValid(Verify(bytes), Keys.RsaA);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("mismatched tags")]
    [InlineData("empty")]
    [InlineData("binary garbage")]
    [InlineData("two roots")]
    [InlineData("undeclared prefix")]
    public void Malformed_XML_is_rejected(string kind)
    {
        var valid = Encoding.UTF8.GetString(SignedEnvelope().ToBytes());
        byte[] bytes = kind switch
        {
            "truncated" => Utf8(valid[..(valid.Length / 2)]),
            "mismatched tags" => Utf8(valid.Replace("</s:Body>", "</s:Bodi>", StringComparison.Ordinal)),
            "empty" => [],
            "binary garbage" => [0x00, 0xFF, 0xFE, 0x01, 0x3C, 0x3C, 0x80, 0x81],
            "two roots" => Utf8(valid + valid),
            "undeclared prefix" => Utf8(valid.Replace("<s:Body ", "<q:Extra/><s:Body ", StringComparison.Ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        AssertRejected(RejectReason.Malformed, Verify(bytes));
    }

    [Theory]
    [InlineData("<Order xmlns=\"urn:orders\"><Id>1</Id></Order>")]
    [InlineData("<s:Envelope xmlns:s=\"urn:not-soap\"><s:Header/><s:Body/></s:Envelope>")]
    [InlineData("<s:Body xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>")]
    [InlineData("<Envelope><Header/><Body/></Envelope>")]
    public void Document_that_is_not_a_SOAP_envelope_is_rejected(string xml)
    {
        AssertRejected(RejectReason.NotAnEnvelope, Verify(Utf8(xml)));
    }

    [Fact]
    public void Signed_envelope_in_the_wrong_namespace_is_not_an_envelope()
    {
        // Validly signed, but the root says SOAP 1.1 in a namespace that only looks like it.
        var text = Encoding.UTF8.GetString(SignedEnvelope().ToBytes())
            .Replace("http://schemas.xmlsoap.org/soap/envelope/", "http://schemas.xmlsoap.org/soap/envelope", StringComparison.Ordinal);

        AssertRejected(RejectReason.NotAnEnvelope, Verify(Utf8(text)));
    }
}
