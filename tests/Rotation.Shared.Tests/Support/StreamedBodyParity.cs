using System.Text;
using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// Holds the verifier's streamed Body (docs/DESIGN.md §3) against the whole tree it replaced: the same verdict in words,
/// and the same canonical Body byte for byte. Linked into the interop tests too, so peers' envelopes are held to it.
/// </summary>
public static class StreamedBodyParity
{
    /// <summary>Verifies both ways at one instant; the two verdicts must agree in reason and message.</summary>
    public static VerificationResult VerifyBothWays(SignatureVerifier verifier, byte[] envelope, DateTimeOffset? at = null)
    {
        var now = at ?? verifier.Time.GetUtcNow();
        var streamed = verifier.Verify(envelope, now);
        var whole = verifier.VerifyWholeTree(envelope, now);
        Assert.True((streamed.Reason, streamed.Message) == (whole.Reason, whole.Message),
            $"the streamed Body and the whole tree disagree\nstreamed: {streamed}\nwhole:    {whole}");
        return streamed;
    }

    /// <summary>
    /// The Body's exclusive canonical form streamed and on the whole tree, compared without a PrefixList, with "#default",
    /// with every PrefixList the envelope itself carries and with <paramref name="more"/>. Returns how many forms were compared.
    /// </summary>
    public static int AssertSameCanonicalBody(byte[] envelope, params IReadOnlyCollection<string>?[] more) => AssertSameCanonicalBody(envelope, null, more);

    internal static int AssertSameCanonicalBody(byte[] envelope, XmlLimits? limits, params IReadOnlyCollection<string>?[] more)
    {
        var document = SafeXml.Load(envelope, 0, envelope.Length);
        var root = document.DocumentElement!;
        var body = root.ChildNodes.OfType<XmlElement>().First(e => e.LocalName == "Body" && e.NamespaceURI == root.NamespaceURI);
        IReadOnlyCollection<string>?[] lists =
        [
            null, ["#default"],
            .. document.GetElementsByTagName("InclusiveNamespaces", WsNamespaces.ExcC14N).Cast<XmlElement>()
                .Select(e => e.GetAttribute("PrefixList").Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            .. more,
        ];
        foreach (var prefixes in lists)
        {
            var whole = ExclusiveCanonicalizer.Canonicalize(body, prefixes);
            var streamed = Streamed(envelope, prefixes, limits);
            if (!whole.AsSpan().SequenceEqual(streamed))
                Assert.Fail($"the streamed Body's canonical form differs (PrefixList [{string.Join(' ', prefixes ?? [])}])\nwhole:    {Encoding.UTF8.GetString(whole)}\nstreamed: {Encoding.UTF8.GetString(streamed)}");
        }
        return lists.Length;
    }

    /// <summary>The Body's canonical form as the verifier's one pass writes it.</summary>
    internal static byte[] Streamed(byte[] envelope, IReadOnlyCollection<string>? prefixes, XmlLimits? limits = null)
    {
        using var sink = new Utf8Sink();
        var outcome = EnvelopeReader.Read(envelope, envelope.Length, envelope.Length + 1L, limits ?? VerificationPolicy.Default.XmlLimits,
            _ => new EnvelopeReader.BodyCanonicalization(prefixes, sink));
        Assert.True(outcome.Tree is { StreamedBody: not null }, $"the envelope was not read with its Body streamed: {outcome}");
        return sink.Written.ToArray();
    }
}
