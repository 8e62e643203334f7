using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Tests.Canonicalization;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;
using KeyReference = Rotation.Shared.WsSecurity.KeyReference;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// docs/DESIGN.md §3: the verifier reads the envelope once, keeps the Header in a tree and streams the Body, digesting
/// it as it streams. Held against the whole tree it replaced, byte for byte and verdict for verdict; ids inside the
/// streamed Body still count; references the stream cannot serve are verified on the whole tree.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class StreamedBodyTests(KeyMaterial keys) : HostileTestBase(keys)
{
    private const int SeedsPerBatch = 100;

    public static TheoryData<int> Batches() => [.. Enumerable.Range(0, 6)];

    [Theory]
    [MemberData(nameof(Batches))]
    public void Generated_Bodies_canonicalise_alike_streamed_and_on_the_whole_tree(int batch)
    {
        var compared = 0;
        for (var seed = batch * SeedsPerBatch; seed < (batch + 1) * SeedsPerBatch; seed++)
        {
            var generator = new RandomXmlGenerator(seed);
            var content = RootOnly(generator.Generate());
            // The Envelope and the Body declare prefixes of the generator too: a PrefixList finds them in scope at the Body.
            var envelopeDeclarations = generator.Next(2) == 0 ? " xmlns:p=\"urn:envelope-p\" xmlns=\"urn:envelope-default\"" : " xmlns:q=\"urn:envelope-q\"";
            var bodyDeclarations = generator.Next(2) == 0 ? " xmlns:wsu=\"urn:body-wsu\" wsu:Id=\"b\"" : " xmlns=\"\" Id=\"b\"";
            var envelope = Encoding.UTF8.GetBytes(
                $"<s:Envelope xmlns:s=\"{WsNamespaces.Soap11}\"{envelopeDeclarations}><s:Header/>\n<s:Body{bodyDeclarations}>{content}</s:Body></s:Envelope>");
            try
            {
                compared += StreamedBodyParity.AssertSameCanonicalBody(envelope, generator.InclusivePrefixes(), ["s", "p", "q", "wsu", "#default"]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"seed {seed}:\n{Encoding.UTF8.GetString(envelope)}", e);
            }
        }
        Assert.True(compared >= 4 * SeedsPerBatch, $"only {compared} comparisons");
    }

    public static TheoryData<HostileKind> ParsedKinds() =>
        [.. Enum.GetValues<HostileKind>().Where(kind => kind is not HostileKind.DeepNesting)];

    [Theory]
    [MemberData(nameof(ParsedKinds))]
    public void One_MiB_hostile_envelopes_canonicalise_alike_streamed_and_on_the_whole_tree(HostileKind kind)
    {
        // Their caps refuse them before any digest; without the caps, the two canonical forms of their Bodies still agree.
        // (Deep nesting is left out: the tree canonicaliser refuses what the stream would nest.)
        var envelope = HostileEnvelopes.Create(kind, HostileEnvelopes.Signed(Keys.RsaA, new FakeTimeProvider(KeyMaterial.Epoch)));

        Assert.True(StreamedBodyParity.AssertSameCanonicalBody(envelope, new XmlLimits(256, int.MaxValue, int.MaxValue)) >= 2);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, KeyReference.BinarySecurityToken, SignatureAlgorithm.RsaSha256)]
    [InlineData(SoapVersion.Soap12, KeyReference.IssuerSerial, SignatureAlgorithm.EcdsaSha256)]
    [InlineData(SoapVersion.Soap11, KeyReference.IssuerSerial, SignatureAlgorithm.RsaSha512)]
    [InlineData(SoapVersion.Soap12, KeyReference.BinarySecurityToken, SignatureAlgorithm.EcdsaSha384)]
    public void Signed_responses_verify_and_canonicalise_alike_streamed_and_on_the_whole_tree(SoapVersion version, KeyReference reference, SignatureAlgorithm algorithm)
    {
        var certificate = Keys.CertificateFor(algorithm);
        var signed = new ResponseSigner(new FakeTimeProvider(KeyMaterial.Epoch)).Sign(SampleEnvelopes.OrderEnvelope(version), Keys.SigningKeyOf(certificate),
            new SignerSettings { KeyReference = reference, Algorithm = algorithm });

        AssertValid(Verify(signed, trusted: certificate), certificate);
        Assert.True(StreamedBodyParity.AssertSameCanonicalBody(signed) >= 2);
    }

    [Theory]
    [InlineData("wsu:Id=\"TS-1\"", "the Timestamp's id")]
    [InlineData("wsu:Id=\"Body-1\"", "the Body's own id")]
    [InlineData("Id=\"X509-1\"", "the token's id")]
    public void Id_inside_the_streamed_Body_that_names_another_element_is_a_duplicate(string attribute, string what)
    {
        // Signed with the decoy in place: only the id index, fed while the Body streams, can refuse it.
        var envelope = Envelope(bodyContent: $"<o:Order xmlns:o=\"urn:o\"><o:Line {attribute}>decoy with {what}</o:Line></o:Order>");
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertRejected(RejectReason.DuplicateId, Verify(envelope));
    }

    [Fact]
    public void Two_elements_inside_the_streamed_Body_sharing_an_id_are_a_duplicate()
    {
        var envelope = Envelope(bodyContent: "<o:Order xmlns:o=\"urn:o\"><o:Line xml:id=\"L\"/><o:Deep><o:Line ID=\"L\"/></o:Deep></o:Order>");
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertRejected(RejectReason.DuplicateId, Verify(envelope));
    }

    [Fact]
    public void One_element_inside_the_streamed_Body_repeating_its_id_is_no_duplicate()
    {
        var envelope = Envelope(bodyContent: "<o:Order xmlns:o=\"urn:o\" Id=\"O-1\" wsu:Id=\"O-1\"><o:Line id=\"L-1\"/></o:Order>");
        TestSigner.Sign(envelope, Keys.RsaA);

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Fact]
    public void Reference_to_an_element_inside_the_Body_is_verified_on_the_whole_tree()
    {
        // The stream keeps no element of the Body's content, so this reference sends the envelope to the whole tree.
        var envelope = Envelope(bodyContent: "<o:Order xmlns:o=\"urn:o\" wsu:Id=\"Order-1\"><o:Id>PO-4711</o:Id></o:Order>");

        AssertThirdReferenceVerifies(envelope, "Order-1", "PO-4711");
    }

    [Fact]
    public void Two_references_to_the_Body_with_different_PrefixLists_both_verify()
    {
        var envelope = Envelope(bodyContent: "<o:Order xmlns:o=\"urn:o\">PO-4711</o:Order>");
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec
        {
            References =
            [
                ReferenceSpec.To(CraftedEnvelope.TimestampId),
                ReferenceSpec.To(CraftedEnvelope.BodyId),
                ReferenceSpec.To(CraftedEnvelope.BodyId) with { Transforms = [() => new XmlDsigExcC14NTransform("s #default")] },
            ],
        });

        AssertValid(Verify(envelope), Keys.RsaA);
    }

    [Fact]
    public void Signed_element_after_a_SOAP_1_1_Body_is_verified()
    {
        // SOAP 1.1 allows elements after the Body; one signed there is read when the Body has already streamed.
        var envelope = Envelope();
        envelope.Envelope.AppendChild(envelope.Fragment("<x:Trailer xmlns:x=\"urn:x\" wsu:Id=\"T-1\">after the Body</x:Trailer>"));

        AssertThirdReferenceVerifies(envelope, "T-1", "after the Body");
    }

    /// <summary>Signed over the Timestamp, the Body and <paramref name="id"/>: valid, and refused once <paramref name="text"/> in it changes.</summary>
    private void AssertThirdReferenceVerifies(CraftedEnvelope envelope, string id, string text)
    {
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId), ReferenceSpec.To(id)],
        });
        var signed = envelope.ToBytes();

        AssertValid(Verify(signed), Keys.RsaA);
        AssertRejected(RejectReason.DigestMismatch, Verify(Utf8(Encoding.UTF8.GetString(signed).Replace(text, text + " changed", StringComparison.Ordinal))));
    }

    [Fact]
    public void Reference_to_the_Envelope_gets_the_whole_trees_verdict()
    {
        // The Envelope holds the Signature, so no signature over it can hold; the verdict is the whole tree's all the same.
        var envelope = Envelope();
        envelope.Envelope.SetAttribute("Id", "E-1");
        TestSigner.Sign(envelope, Keys.RsaA, new SignatureSpec
        {
            References = [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId), ReferenceSpec.To("E-1")],
        });

        AssertRejected(RejectReason.DigestMismatch, Verify(envelope));
    }

    [Fact]
    public void The_Body_starts_with_the_Header_read_and_streams_into_its_ids_only()
    {
        var envelope = Envelope(bodyContent: "<o:Order xmlns:o=\"urn:o\" wsu:Id=\"Order-1\"><o:Line/></o:Order>");
        TestSigner.Sign(envelope, Keys.RsaA);
        envelope.Envelope.AppendChild(envelope.Fragment("<x:Trailer xmlns:x=\"urn:x\" wsu:Id=\"T-1\"/>"));
        var bytes = envelope.ToBytes();
        string? seenAtBody = null;

        var outcome = EnvelopeReader.Read(bytes, bytes.Length, bytes.Length, VerificationPolicy.Default.XmlLimits, tree =>
        {
            seenAtBody = $"{tree.Document.GetElementsByTagName("Signature", WsNamespaces.Ds).Count} signature, body children {tree.StreamedBody!.ChildNodes.Count}";
            return null;
        });

        Assert.Equal("1 signature, body children 0", seenAtBody);
        var tree = outcome.Tree!;
        Assert.Equal(CraftedEnvelope.BodyId, tree.StreamedBody!.GetAttribute("Id", WsNamespaces.Wsu));
        Assert.Same(tree.StreamedBody, tree.Ids.Find(CraftedEnvelope.BodyId));
        Assert.True(tree.Ids.IsStreamed("Order-1"));
        Assert.Null(tree.Ids.Find("Order-1"));
        Assert.Equal("Trailer", tree.Ids.Find("T-1")!.LocalName);
        Assert.Equal("Timestamp", tree.Ids.Find(CraftedEnvelope.TimestampId)!.LocalName);
    }

    [Fact]
    public void A_Body_before_its_Header_streams_without_a_digest_and_is_refused_for_its_order()
    {
        var envelope = SignedEnvelope();
        envelope.Envelope.AppendChild(envelope.Header);

        AssertRejected(RejectReason.EnvelopeChildrenOutOfOrder, Verify(envelope));
    }

    /// <summary>The generated document's root element, without the prolog and epilog the generator may add.</summary>
    private static string RootOnly(string document)
    {
        foreach (var prolog in (string[])["<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<!--prolog-->"])
            if (document.StartsWith(prolog, StringComparison.Ordinal)) document = document[prolog.Length..];
        const string epilog = "<?epilog x?>";
        return document.EndsWith(epilog, StringComparison.Ordinal) ? document[..^epilog.Length] : document;
    }
}
