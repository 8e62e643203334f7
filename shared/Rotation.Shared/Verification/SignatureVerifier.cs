using System.Buffers;
using System.Security.Cryptography;
using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;

namespace Rotation.Shared.Verification;

/// <summary>
/// Strictly verifies a signed SOAP response against a trust set: every check of docs/DESIGN.md §3, in its
/// order, each failure a <see cref="RejectReason"/>. Immutable: a trust store swaps whole verifiers.
/// The envelope is read once: the Header into a tree, the Body streamed and, once SignedInfo has verified, digested
/// as it streams; each other referenced element is canonicalised once on the tree.
/// </summary>
public sealed class SignatureVerifier(TrustSet trust, VerificationPolicy policy, TimeProvider time)
{
    public SignatureVerifier(TrustSet trust) : this(trust, VerificationPolicy.Default, TimeProvider.System) { }

    public TrustSet Trust => trust;
    public VerificationPolicy Policy => policy;
    public TimeProvider Time => time;

    /// <summary>Verifies the exact bytes received. <paramref name="at"/> checks timestamp and validity as of another time.</summary>
    public VerificationResult Verify(ReadOnlySpan<byte> envelope, DateTimeOffset? at = null) => Verify(envelope, at, streamBody: true);

    /// <summary>
    /// Verifies as <see cref="Verify(ReadOnlySpan{byte}, DateTimeOffset?)"/> does, on a tree of the whole envelope:
    /// the way envelopes the streamed Body cannot settle are verified, and what tests hold the streaming path against.
    /// </summary>
    internal VerificationResult VerifyWholeTree(ReadOnlySpan<byte> envelope, DateTimeOffset? at = null) => Verify(envelope, at, streamBody: false);

    private VerificationResult Verify(ReadOnlySpan<byte> envelope, DateTimeOffset? at, bool streamBody)
    {
        if (envelope.Length > policy.MaxDocumentBytes)
            return VerificationResult.Rejected(RejectReason.TooLarge, $"{envelope.Length} bytes; the limit is {policy.MaxDocumentBytes}");

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(envelope.Length, 1));
        try
        {
            envelope.CopyTo(buffer);
            var now = at ?? time.GetUtcNow();
            if (StartTagCensus.Check(envelope, policy.XmlLimits) is { } crowded) return Breached(crowded);
            return (streamBody ? VerifyStreamed(buffer, envelope.Length, now) : null) ?? VerifyWholeTree(buffer, envelope.Length, now);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The verdict on the envelope read with its Body streamed; null when a reference needs the whole tree.</summary>
    private VerificationResult? VerifyStreamed(byte[] buffer, int length, DateTimeOffset now)
    {
        using var body = new StreamedBodyDigest();
        var read = EnvelopeReader.Read(buffer, length, policy.MaxDocumentBytes, policy.XmlLimits, tree => AtBody(tree, now, body));
        if (read.Tree is not { } tree) return Unreadable(read.Breach, read.NotWellFormed, buffer.AsSpan(0, length));
        return Verify(tree, now, body);
    }

    private VerificationResult VerifyWholeTree(byte[] buffer, int length, DateTimeOffset now)
    {
        var loaded = SafeXml.LoadBounded(buffer, 0, length, policy.MaxDocumentBytes, policy.XmlLimits);
        if (loaded.Document is not { } document) return Unreadable(loaded.Breach, loaded.NotWellFormed, buffer.AsSpan(0, length));
        return Verify(EnvelopeTree.Whole(document), now, body: null)!;
    }

    private static VerificationResult Unreadable(XmlLimitBreach? breach, string? notWellFormed, ReadOnlySpan<byte> envelope)
    {
        if (breach is not null) return Breached(breach);
        return SafeXml.HasDoctype(envelope)
            ? VerificationResult.Rejected(RejectReason.DtdProhibited, "document type declarations (DTDs, entities) are not accepted")
            : VerificationResult.Rejected(RejectReason.Malformed, $"not well-formed XML: {notWellFormed}");
    }

    private static VerificationResult Breached(XmlLimitBreach breach) => VerificationResult.Rejected(breach.Limit switch
    {
        XmlLimit.Depth => RejectReason.NestingTooDeep,
        XmlLimit.Attributes => RejectReason.TooManyAttributes,
        _ => RejectReason.TooManyNamespaceDeclarations,
    }, breach.Message);

    /// <summary>
    /// On the Body's start tag, with the Header read: everything up to and including the signature over SignedInfo. Only
    /// when that verifies is the Body digested while it streams, so nothing unauthenticated drives the digest.
    /// </summary>
    private EnvelopeReader.BodyCanonicalization? AtBody(EnvelopeTree tree, DateTimeOffset now, StreamedBodyDigest body)
    {
        if (Authenticate(tree, now, earlier: null) is not { Value: { } authenticated }) return null;
        var covering = -1;
        for (var i = 0; i < authenticated.Targets.Length; i++)
        {
            if (!ReferenceEquals(authenticated.Targets[i], tree.StreamedBody)) continue;
            if (covering >= 0) return null; // two references to the Body: the tree serves them both
            covering = i;
        }
        if (covering < 0) return null;
        var reference = authenticated.Info.References[covering];
        return new EnvelopeReader.BodyCanonicalization(reference.InclusivePrefixes, body.Start(authenticated, covering, reference.Digest));
    }

    /// <summary>The verdict on a tree; null when the tree lacks what a reference needs (the streamed Body's content, or all of it).</summary>
    private VerificationResult? Verify(EnvelopeTree tree, DateTimeOffset now, StreamedBodyDigest? body)
    {
        var authenticated = Authenticate(tree, now, body?.Authenticated);
        if (authenticated is not { } outcome) return null;
        if (outcome.Rejection is not null) return outcome.Rejection;
        var (_, info, elements, certificate, keyReference) = outcome.Value!;

        using var sink = new Utf8Sink();
        Span<byte> digest = stackalloc byte[64];
        for (var i = 0; i < info.References.Count; i++)
        {
            var reference = info.References[i];
            int length;
            if (ReferenceEquals(elements[i], tree.StreamedBody))
            {
                if (body?.Reference != i) return null;
                length = body.GetDigest(digest);
            }
            else
            {
                sink.Clear();
                ExclusiveCanonicalizer.Canonicalize(elements[i], reference.InclusivePrefixes, sink);
                length = CryptographicOperations.HashData(reference.Digest, sink.Written, digest);
            }
            if (!digest[..length].SequenceEqual(reference.DigestValue))
                return VerificationResult.Rejected(RejectReason.DigestMismatch, $"the digest of #{reference.Id} does not match: the signed content was changed", keyReference);
        }
        return VerificationResult.Valid(certificate, keyReference, info.Algorithm);
    }

    /// <summary>
    /// docs/DESIGN.md §3 checks 2–7 up to the signature over SignedInfo, in their order; null when a reference needs
    /// the whole tree. <paramref name="earlier"/> is what authenticated the same Header when the Body started: the key,
    /// the timestamp and the signature depend on nothing read since, so only the checks that do are repeated.
    /// </summary>
    private Parsed<Authenticated>? Authenticate(EnvelopeTree tree, DateTimeOffset now, Authenticated? earlier)
    {
        var header = SecurityHeaderModel.Read(tree.Document);
        if (header.Rejection is not null) return header.Rejection;
        var parts = header.Value!;

        // Read from the same Header, SignedInfo is what it was when the Body started.
        if (earlier is not null && !ReferenceEquals(earlier.Parts.Signature, parts.Signature)) earlier = null;
        var signedInfo = earlier?.Info ?? SignedInfoModel.Read(parts.Signature, policy);
        if (signedInfo.Rejection is not null) return signedInfo.Rejection;
        var info = signedInfo.Value!;

        if (tree.Ids.Rejection() is { } duplicate) return duplicate;

        if (ResolveReferences(info, tree, parts) is not { } targets) return null;
        if (targets.Rejection is not null) return targets.Rejection;
        if (earlier is not null) return earlier with { Targets = targets.Value! };

        var key = KeyResolver.Resolve(parts.Signature, parts.Security, tree.Ids, trust, policy, now);
        if (key.Rejection is not null) return key.Rejection;
        var (certificate, keyReference) = key.Value!;

        if (policy.CheckCertificateValidity)
        {
            if (now.UtcDateTime < certificate.NotBefore)
                return VerificationResult.Rejected(RejectReason.CertificateNotYetValid, $"the certificate {certificate.Name} is valid from {certificate.NotBefore:O}", keyReference);
            if (now.UtcDateTime > certificate.NotAfter)
                return VerificationResult.Rejected(RejectReason.CertificateExpired, $"the certificate {certificate.Name} expired at {certificate.NotAfter:O}", keyReference);
        }

        var stale = TimestampCheck.Check(parts.Timestamp, now, policy);
        if (stale is not null) return stale;

        var signatureText = SignedInfoModel.FirstDs(parts.Signature, "SignatureValue")?.InnerText;
        byte[] signatureValue;
        try { signatureValue = Convert.FromBase64String(signatureText ?? ""); }
        catch (FormatException) { return VerificationResult.Rejected(RejectReason.Malformed, "ds:SignatureValue is not base64", keyReference); }

        // SignedInfo is authenticated before any reference is digested: nothing unauthenticated drives further work,
        // and a changed DigestValue is reported as what it is, a broken signature.
        using var sink = new Utf8Sink();
        ExclusiveCanonicalizer.Canonicalize(info.Element, info.InclusivePrefixes, sink);
        if (!CheckSignature(certificate, info.Algorithm, sink.Written, signatureValue))
            return VerificationResult.Rejected(RejectReason.SignatureInvalid, $"the signature value does not verify with the key of {certificate.Name}", keyReference);
        return new Authenticated(parts, info, targets.Value!, certificate, keyReference);
    }

    /// <summary>
    /// docs/DESIGN.md §3 check 3: every reference names one element, and the Envelope's Body and this header's Timestamp
    /// are among them. Null when one names what a streamed tree does not hold: an element inside the Body, or the Envelope.
    /// </summary>
    private static Parsed<XmlElement[]>? ResolveReferences(SignedInfoModel info, EnvelopeTree tree, SecurityHeaderModel parts)
    {
        var elements = new XmlElement[info.References.Count];
        bool bodySigned = false, timestampSigned = false;
        for (var i = 0; i < elements.Length; i++)
        {
            var id = info.References[i].Id;
            var element = tree.Ids.Find(id);
            if (tree.StreamedBody is not null && (tree.Ids.IsStreamed(id) || ReferenceEquals(element, tree.Document.DocumentElement))) return null;
            if (element is null) return VerificationResult.Rejected(RejectReason.ReferenceNotFound, $"no element has the id '{id}'");
            bodySigned |= ReferenceEquals(element, parts.Body);
            timestampSigned |= ReferenceEquals(element, parts.Timestamp);
            elements[i] = element;
        }
        if (!bodySigned) return VerificationResult.Rejected(RejectReason.BodyNotSigned, "the signature does not cover the Envelope's Body");
        if (!timestampSigned) return VerificationResult.Rejected(RejectReason.TimestampNotSigned, "the signature does not cover the Security header's Timestamp");
        return elements;
    }

    private static bool CheckSignature(TrustedCertificate certificate, SignatureAlgorithm algorithm, ReadOnlySpan<byte> signedInfo, byte[] signature)
    {
        var hash = AlgorithmUris.HashOf(algorithm);
        if (AlgorithmUris.IsEcdsa(algorithm))
            return certificate.Ecdsa is not null && certificate.Ecdsa.VerifyData(signedInfo, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return certificate.Rsa is not null && certificate.Rsa.VerifyData(signedInfo, signature, hash, RSASignaturePadding.Pkcs1);
    }
}
