using System.Text;
using System.Xml;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Verification;

/// <summary>
/// Thousands of seeded mutations of a signed response — bytes flipped, spans cut or doubled,
/// elements moved, cloned, renamed, attributes changed. Three properties: the verifier never
/// throws (expected failures are values), whenever it says valid, the Envelope's Body and the
/// header's Timestamp are still exactly what was signed, and streaming the Body changes no verdict.
/// </summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class MutationFuzzTests(KeyMaterial keys)
{
    private const int MutationsPerBatch = 250;

    public static TheoryData<KeyReference, int> Batches()
    {
        var data = new TheoryData<KeyReference, int>();
        for (var batch = 0; batch < 4; batch++)
        {
            data.Add(KeyReference.BinarySecurityToken, batch);
            data.Add(KeyReference.IssuerSerial, batch);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Mutated_response_is_rejected_as_a_value_or_still_carries_the_signed_content(KeyReference keyReference, int batch)
    {
        var signed = new ResponseSigner(new FakeTimeProvider(KeyMaterial.Epoch))
            .Sign(SampleEnvelopes.OrderEnvelope(SoapVersion.Soap11), keys.SigningKeyOf(keys.RsaA), new SignerSettings { KeyReference = keyReference });
        var original = SignedParts(SampleEnvelopes.Load(signed))!.Value;
        var verifier = Verifiers.Trusting(keys.RsaA);
        Assert.True(verifier.Verify(signed).IsValid);

        var rejected = 0;
        for (var seed = batch * MutationsPerBatch; seed < (batch + 1) * MutationsPerBatch; seed++)
        {
            var random = new Random(seed);
            var (mutated, description) = random.Next(3) == 0 ? MutateBytes(signed, random) : MutateTree(signed, random);
            VerificationResult result, whole;
            try
            {
                result = verifier.Verify(mutated);
                whole = verifier.VerifyWholeTree(mutated);
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} ({description}): the verifier threw {e.GetType().Name}: {e.Message}\n{Encoding.UTF8.GetString(mutated)}");
                return;
            }
            Assert.True((result.Reason, result.Message) == (whole.Reason, whole.Message),
                $"seed {seed} ({description}): the streamed Body and the whole tree disagree\nstreamed: {result}\nwhole:    {whole}\n{Encoding.UTF8.GetString(mutated)}");
            if (!result.IsValid)
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(result.Message), $"seed {seed}: rejection without a message");
                continue;
            }
            var parts = SignedParts(SampleEnvelopes.Load(mutated));
            Assert.True(parts is not null && parts.Value.Body == original.Body && parts.Value.Timestamp == original.Timestamp,
                $"seed {seed} ({description}): accepted, but the Body or Timestamp differs from what was signed\n{Encoding.UTF8.GetString(mutated)}");
        }
        Assert.True(rejected > MutationsPerBatch / 2, $"only {rejected} of {MutationsPerBatch} mutations were rejected: the mutations are too timid to prove anything");
    }

    /// <summary>The canonical Body (the Envelope's child) and Timestamp (the Security header's child), or null when they cannot be found uniquely.</summary>
    private static (string Body, string Timestamp)? SignedParts(XmlDocument document)
    {
        var envelope = document.DocumentElement!;
        var bodies = envelope.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Body" && e.NamespaceURI == envelope.NamespaceURI).ToList();
        var headers = envelope.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Header" && e.NamespaceURI == envelope.NamespaceURI).ToList();
        if (bodies.Count != 1 || headers.Count != 1) return null;
        var securities = headers[0].ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Security" && e.NamespaceURI == WsNamespaces.Wsse).ToList();
        if (securities.Count != 1) return null;
        var timestamps = securities[0].ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Timestamp" && e.NamespaceURI == WsNamespaces.Wsu).ToList();
        if (timestamps.Count != 1) return null;
        // The Body's own wsu:Id may differ only if it is still the signed element; compare its content and name.
        return (Encoding.UTF8.GetString(OracleCanonicalizer.Canonicalize(bodies[0])), Encoding.UTF8.GetString(OracleCanonicalizer.Canonicalize(timestamps[0])));
    }

    private static (byte[], string) MutateBytes(byte[] signed, Random random)
    {
        var bytes = signed.ToList();
        var at = random.Next(bytes.Count);
        switch (random.Next(4))
        {
            case 0:
                const string replacements = "<>/=\"'&#:xX01 \n-;!?[]";
                bytes[at] = (byte)replacements[random.Next(replacements.Length)];
                return (bytes.ToArray(), $"byte {at} replaced");
            case 1:
                var length = Math.Min(random.Next(1, 40), bytes.Count - at);
                bytes.RemoveRange(at, length);
                return (bytes.ToArray(), $"{length} bytes cut at {at}");
            case 2:
                var span = bytes.GetRange(at, Math.Min(random.Next(1, 200), bytes.Count - at));
                bytes.InsertRange(random.Next(bytes.Count), span);
                return (bytes.ToArray(), "span doubled");
            default:
                bytes.Insert(at, (byte)random.Next(0x20, 0x7F));
                return (bytes.ToArray(), $"byte inserted at {at}");
        }
    }

    private static (byte[], string) MutateTree(byte[] signed, Random random)
    {
        var document = SampleEnvelopes.Load(signed);
        var elements = document.GetElementsByTagName("*").Cast<XmlElement>().ToList();
        var target = elements[random.Next(elements.Count)];
        var other = elements[random.Next(elements.Count)];
        string description;
        switch (random.Next(9))
        {
            case 0 when target != document.DocumentElement && !IsAncestorOrSelf(target, other):
                other.AppendChild(target);
                description = $"<{target.Name}> moved into <{other.Name}>";
                break;
            case 1 when target != document.DocumentElement:
                other.AppendChild(target.CloneNode(deep: true));
                description = $"<{target.Name}> cloned into <{other.Name}>";
                break;
            case 2 when target.Attributes.Count > 0:
                var removed = target.Attributes[random.Next(target.Attributes.Count)];
                target.Attributes.Remove(removed);
                description = $"@{removed.Name} removed from <{target.Name}>";
                break;
            case 3 when target.Attributes.Count > 0:
                var changed = target.Attributes[random.Next(target.Attributes.Count)];
                changed.Value += random.Next(2) == 0 ? "x" : "";
                description = $"@{changed.Name} of <{target.Name}> changed";
                break;
            case 4:
                target.SetAttribute("Id", WsNamespaces.Wsu, ((XmlElement)other).GetAttribute("Id", WsNamespaces.Wsu) is { Length: > 0 } id ? id : "Body-copy");
                description = $"<{target.Name}> given the wsu:Id of <{other.Name}>";
                break;
            case 5 when target.FirstChild is XmlText text:
                text.Value = text.Value + " ";
                description = $"text of <{target.Name}> changed";
                break;
            case 6 when target != document.DocumentElement:
                var wrapper = document.CreateElement("w", "Wrapper", "urn:wrapper");
                target.ParentNode!.ReplaceChild(wrapper, target);
                wrapper.AppendChild(target);
                description = $"<{target.Name}> wrapped";
                break;
            case 7 when target != document.DocumentElement:
                target.ParentNode!.RemoveChild(target);
                description = $"<{target.Name}> removed";
                break;
            default:
                var renamed = document.CreateElement(target.Prefix, target.LocalName + (random.Next(2) == 0 ? "" : "X"), random.Next(2) == 0 ? target.NamespaceURI : "urn:other");
                while (target.HasChildNodes) renamed.AppendChild(target.FirstChild!);
                foreach (var attribute in target.Attributes.Cast<XmlAttribute>().ToList()) renamed.Attributes.Append((XmlAttribute)attribute.CloneNode(true));
                if (target == document.DocumentElement) document.ReplaceChild(renamed, target);
                else target.ParentNode!.ReplaceChild(renamed, target);
                description = $"<{target.Name}> renamed to <{renamed.Name}>";
                break;
        }
        return (Encoding.UTF8.GetBytes(document.OuterXml), description);
    }

    private static bool IsAncestorOrSelf(XmlNode candidate, XmlNode node)
    {
        for (XmlNode? n = node; n is not null; n = n.ParentNode)
            if (n == candidate) return true;
        return false;
    }
}
