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
/// The envelope is parsed once; each referenced element is canonicalised once on that tree.
/// </summary>
public sealed class SignatureVerifier(TrustSet trust, VerificationPolicy policy, TimeProvider time)
{
    public SignatureVerifier(TrustSet trust) : this(trust, VerificationPolicy.Default, TimeProvider.System) { }

    public TrustSet Trust => trust;
    public VerificationPolicy Policy => policy;
    public TimeProvider Time => time;

    /// <summary>Verifies the exact bytes received. <paramref name="at"/> checks timestamp and validity as of another time.</summary>
    public VerificationResult Verify(ReadOnlySpan<byte> envelope, DateTimeOffset? at = null)
    {
        if (envelope.Length > policy.MaxDocumentBytes)
            return VerificationResult.Rejected(RejectReason.TooLarge, $"{envelope.Length} bytes; the limit is {policy.MaxDocumentBytes}");

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(envelope.Length, 1));
        try
        {
            envelope.CopyTo(buffer);
            var loaded = SafeXml.LoadBounded(buffer, 0, envelope.Length, policy.MaxDocumentBytes, policy.XmlLimits);
            if (loaded.Breach is { } breach) return VerificationResult.Rejected(ReasonFor(breach.Limit), breach.Message);
            if (loaded.Document is not { } document)
            {
                return SafeXml.HasDoctype(envelope)
                    ? VerificationResult.Rejected(RejectReason.DtdProhibited, "document type declarations (DTDs, entities) are not accepted")
                    : VerificationResult.Rejected(RejectReason.Malformed, $"not well-formed XML: {loaded.NotWellFormed}");
            }
            return Verify(document, at ?? time.GetUtcNow());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RejectReason ReasonFor(XmlLimit limit) => limit switch
    {
        XmlLimit.Depth => RejectReason.NestingTooDeep,
        XmlLimit.Attributes => RejectReason.TooManyAttributes,
        _ => RejectReason.TooManyNamespaceDeclarations,
    };

    private VerificationResult Verify(XmlDocument document, DateTimeOffset now)
    {
        var header = SecurityHeaderModel.Read(document);
        if (header.Rejection is not null) return header.Rejection;
        var parts = header.Value!;

        var signedInfo = SignedInfoModel.Read(parts.Signature, policy);
        if (signedInfo.Rejection is not null) return signedInfo.Rejection;
        var info = signedInfo.Value!;

        var ids = IdIndex.Build(document);
        if (ids.Rejection is not null) return ids.Rejection;

        var targets = ResolveReferences(info, ids.Value!, parts);
        if (targets.Rejection is not null) return targets.Rejection;

        var key = KeyResolver.Resolve(parts.Signature, parts.Security, ids.Value!, trust, policy, now);
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

        var elements = targets.Value!;
        Span<byte> digest = stackalloc byte[64];
        for (var i = 0; i < info.References.Count; i++)
        {
            var reference = info.References[i];
            sink.Clear();
            ExclusiveCanonicalizer.Canonicalize(elements[i], reference.InclusivePrefixes, sink);
            var length = CryptographicOperations.HashData(reference.Digest, sink.Written, digest);
            if (!digest[..length].SequenceEqual(reference.DigestValue))
                return VerificationResult.Rejected(RejectReason.DigestMismatch, $"the digest of #{reference.Id} does not match: the signed content was changed", keyReference);
        }
        return VerificationResult.Valid(certificate, keyReference, info.Algorithm);
    }

    /// <summary>docs/DESIGN.md §3 check 3: every reference names one element, and the Envelope's Body and this header's Timestamp are among them.</summary>
    private static Parsed<XmlElement[]> ResolveReferences(SignedInfoModel info, IdIndex ids, SecurityHeaderModel parts)
    {
        var elements = new XmlElement[info.References.Count];
        bool bodySigned = false, timestampSigned = false;
        for (var i = 0; i < elements.Length; i++)
        {
            var id = info.References[i].Id;
            var element = ids.Find(id);
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
