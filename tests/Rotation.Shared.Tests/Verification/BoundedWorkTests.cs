using System.Security.Cryptography.Xml;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// docs/DESIGN.md §3 item 9: everything before the signature check is bounded. Each cap refuses with its own reason,
/// which proves the input was stopped before the path it would have made slow (the benchmark holds the time).
/// Each limit is also met exactly by a validly signed envelope that passes, so the cap is where it says it is.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class BoundedWorkTests(KeyMaterial keys) : HostileTestBase(keys)
{
    public static TheoryData<HostileKind> Kinds() => [.. Enum.GetValues<HostileKind>()];

    private string SignedNow() => HostileEnvelopes.Signed(Keys.RsaA, new FakeTimeProvider(KeyMaterial.Epoch));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void One_MiB_hostile_envelope_is_refused_by_its_cap(HostileKind kind)
    {
        var envelope = HostileEnvelopes.Create(kind, SignedNow());

        Assert.Equal(HostileEnvelopes.Size, envelope.Length);
        AssertRejected(HostileEnvelopes.ExpectedReason(kind), Verify(envelope));
    }

    [Fact]
    public void The_hostile_envelopes_padding_alone_leaves_a_valid_envelope()
    {
        // The 1 MiB is reached with a comment after the Body; without a bomb the same bytes verify.
        var padded = HostileEnvelopes.Padded(SignedNow());

        Assert.Equal(HostileEnvelopes.Size, padded.Length);
        AssertValid(Verify(padded), Keys.RsaA);
    }

    [Fact]
    public void Attributes_per_element_are_capped_at_the_policy_limit()
    {
        var policy = VerificationPolicy.Default;
        // The Body already carries wsu:Id.
        AssertValid(Verify(BodyWith(policy.MaxAttributesPerElement - 1, i => ($"a{i}", "v"))), Keys.RsaA);
        AssertRejected(RejectReason.TooManyAttributes, Verify(BodyWith(policy.MaxAttributesPerElement, i => ($"a{i}", "v"))));
    }

    [Fact]
    public void Namespace_declarations_per_element_are_capped_at_the_policy_limit()
    {
        var policy = VerificationPolicy.Default;
        // The Body already declares wsu.
        AssertValid(Verify(BodyWith(policy.MaxNamespaceDeclarationsPerElement - 1, i => ($"xmlns:q{i}", $"urn:q{i}"))), Keys.RsaA);
        AssertRejected(RejectReason.TooManyNamespaceDeclarations, Verify(BodyWith(policy.MaxNamespaceDeclarationsPerElement, i => ($"xmlns:q{i}", $"urn:q{i}"))));
    }

    [Fact]
    public void Attribute_and_declaration_caps_follow_the_policy()
    {
        var envelope = BodyWith(4, i => ($"a{i}", "v"));

        AssertRejected(RejectReason.TooManyAttributes, Verify(envelope, VerificationPolicy.Default with { MaxAttributesPerElement = 4 }));
        AssertValid(Verify(envelope, VerificationPolicy.Default with { MaxAttributesPerElement = 5 }), Keys.RsaA);
    }

    [Fact]
    public void Equals_signs_in_attribute_values_and_tags_in_comments_are_not_counted_as_attributes()
    {
        // The caps are counted on the raw text before parsing: quoted values and comments must not fool the count.
        var crowdedValue = string.Concat(Enumerable.Repeat("k=v > ", 100));
        var text = Encoding.UTF8.GetString(BodyWith(1, _ => ("note", crowdedValue)));
        var tagInComment = "<!-- <x " + string.Concat(Enumerable.Range(0, 100).Select(i => $"a{i}=\"1\" xmlns:p{i}=\"urn:p\" ")) + "> -->";
        text = text.Replace("</s:Envelope>", tagInComment + "</s:Envelope>", StringComparison.Ordinal);

        AssertValid(Verify(Utf8(text)), Keys.RsaA);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("xmlns:q")]
    public void Caps_hold_for_UTF16_envelopes_too(string name)
    {
        var limit = VerificationPolicy.Default.MaxAttributesPerElement; // equal to the declarations' limit
        byte[] Utf16(int count) => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(BodyWith(count, i => ($"{name}{i}", $"urn:v{i}"))))];

        AssertValid(Verify(Utf16(limit - 1)), Keys.RsaA);
        AssertRejected(name == "a" ? RejectReason.TooManyAttributes : RejectReason.TooManyNamespaceDeclarations, Verify(Utf16(limit)));
    }

    [Fact]
    public void SignedInfo_PrefixList_is_capped_at_the_policy_limit()
    {
        var limit = VerificationPolicy.Default.MaxInclusivePrefixes;

        AssertValid(Verify(SignedWithSignedInfoPrefixes(limit)), Keys.RsaA);
        AssertRejected(RejectReason.PrefixListTooLong, Verify(SignedWithSignedInfoPrefixes(limit + 1)));
    }

    [Fact]
    public void Transform_PrefixList_is_capped_too()
    {
        var limit = VerificationPolicy.Default.MaxInclusivePrefixes;
        CraftedEnvelope Signed(int prefixes)
        {
            var envelope = Envelope();
            var list = string.Join(' ', Enumerable.Range(0, prefixes).Select(i => $"p{i}"));
            TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec
            {
                References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId) with
                {
                    Transforms = [() => new XmlDsigExcC14NTransform(list)],
                }],
            });
            return envelope;
        }

        AssertValid(Verify(Signed(limit)), Keys.RsaA);
        AssertRejected(RejectReason.PrefixListTooLong, Verify(Signed(limit + 1)));
    }

    [Fact]
    public void Serial_number_of_49_digits_is_read_and_one_of_50_is_refused_unread()
    {
        // 2^160 - 1, the largest 20-octet serial, has 49 digits: such a reference is read (and names no trusted certificate).
        var largest = (System.Numerics.BigInteger.Pow(2, 160) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(49, largest.Length);

        AssertRejected(RejectReason.CertificateUntrusted, Verify(SignedWithSerial(largest)));
        AssertRejected(RejectReason.SerialNumberTooLong, Verify(SignedWithSerial("1" + largest)));
    }

    [Fact]
    public void Serial_number_padded_with_zeros_beyond_49_digits_is_refused()
    {
        AssertRejected(RejectReason.SerialNumberTooLong, Verify(SignedWithSerial(new string('0', 50) + KeyMaterial.SerialDecimal(Keys.RsaA))));
    }

    [Fact]
    public void Token_larger_than_the_policy_allows_is_refused_before_decoding()
    {
        var envelope = SignedEnvelope();
        var size = Keys.RsaA.RawData.Length;

        AssertValid(Verify(envelope, VerificationPolicy.Default with { MaxTokenBytes = size }), Keys.RsaA);
        AssertRejected(RejectReason.TokenTooLarge, Verify(envelope, VerificationPolicy.Default with { MaxTokenBytes = size / 2 }));
    }

    [Fact]
    public void Embedded_certificate_larger_than_the_policy_allows_is_refused()
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.EmbeddedCertificate(Keys.RsaA) });

        AssertValid(Verify(envelope), Keys.RsaA);
        AssertRejected(RejectReason.TokenTooLarge, Verify(envelope, VerificationPolicy.Default with { MaxTokenBytes = Keys.RsaA.RawData.Length / 2 }));
    }

    [Fact]
    public void Deep_nesting_is_refused_while_parsing()
    {
        var depth = VerificationPolicy.Default.MaxNestingDepth;
        // Envelope (0) / Body (1) / nested elements from depth 2 on: the last one allowed sits at the limit.
        string Nested(int levels) => string.Concat(Enumerable.Repeat("<x>", levels)) + string.Concat(Enumerable.Repeat("</x>", levels));

        // Signed by the tenant's streaming signer: SignedXml refuses such depth itself.
        byte[] Signed(int levels) => Encoding.UTF8.GetBytes(HostileEnvelopes.Signed(Keys.RsaA, new FakeTimeProvider(KeyMaterial.Epoch), Nested(levels)));

        AssertValid(Verify(Signed(depth - 1)), Keys.RsaA);
        AssertRejected(RejectReason.NestingTooDeep, Verify(Signed(depth)));
    }

    /// <summary>The Body with <paramref name="count"/> more attributes, signed afresh so that only a cap can refuse it.</summary>
    private byte[] BodyWith(int count, Func<int, (string Name, string Value)> attribute)
    {
        var envelope = Envelope();
        for (var i = 0; i < count; i++)
        {
            var (name, value) = attribute(i);
            envelope.Body.SetAttribute(name, value);
        }
        TestSigner.Sign(envelope, Keys.RsaA);
        return envelope.ToBytes();
    }

    private CraftedEnvelope SignedWithSignedInfoPrefixes(int prefixes)
    {
        var envelope = Envelope();
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { SignedInfoInclusivePrefixes = string.Join(' ', Enumerable.Range(0, prefixes).Select(i => $"p{i}")) });
        return envelope;
    }

    private CraftedEnvelope SignedWithSerial(string serial)
    {
        var envelope = Envelope(token: null);
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec { KeyInfoXml = KeyInfos.IssuerSerial(Rfc2253.Format(Keys.RsaA.IssuerName), serial) });
        return envelope;
    }
}
