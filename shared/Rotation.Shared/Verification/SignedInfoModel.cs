using System.Buffers;
using System.Security.Cryptography;
using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>One ds:Reference as read from SignedInfo, already checked against the policy.</summary>
internal sealed record SignedReference(string Id, HashAlgorithmName Digest, byte[] DigestValue, IReadOnlyCollection<string>? InclusivePrefixes);

/// <summary>ds:SignedInfo read into values, or the first reason it breaks the policy.</summary>
internal sealed class SignedInfoModel
{
    public required XmlElement Element { get; init; }
    public required SignatureAlgorithm Algorithm { get; init; }
    public required IReadOnlyCollection<string>? InclusivePrefixes { get; init; }
    public required IReadOnlyList<SignedReference> References { get; init; }

    public static Parsed<SignedInfoModel> Read(XmlElement signature, VerificationPolicy policy)
    {
        var signedInfo = FirstDs(signature, "SignedInfo");
        if (signedInfo is null) return VerificationResult.Rejected(RejectReason.Malformed, "ds:Signature has no ds:SignedInfo");

        var c14n = FirstDs(signedInfo, "CanonicalizationMethod");
        var c14nAlgorithm = c14n?.GetAttribute("Algorithm");
        if (c14nAlgorithm != WsNamespaces.ExcC14N)
            return VerificationResult.Rejected(RejectReason.AlgorithmNotAllowed, $"canonicalization '{c14nAlgorithm}' is not allowed; only exclusive c14n without comments");

        var signatureMethod = FirstDs(signedInfo, "SignatureMethod")?.GetAttribute("Algorithm") ?? "";
        var algorithm = AlgorithmUris.SignatureFromUri(signatureMethod);
        if (algorithm is null || !policy.Allows(algorithm.Value))
            return VerificationResult.Rejected(RejectReason.AlgorithmNotAllowed, $"signature method '{signatureMethod}' is not allowed by the policy");

        var referenceElements = ChildrenDs(signedInfo, "Reference").ToList();
        if (referenceElements.Count == 0) return VerificationResult.Rejected(RejectReason.BodyNotSigned, "SignedInfo has no references");
        if (referenceElements.Count > policy.MaxReferences)
            return VerificationResult.Rejected(RejectReason.TooManyReferences, $"{referenceElements.Count} references; at most {policy.MaxReferences} are allowed");

        var inclusivePrefixes = PrefixList(c14n!, policy);
        if (inclusivePrefixes.Rejection is not null) return inclusivePrefixes.Rejection;

        var references = new List<SignedReference>(referenceElements.Count);
        foreach (var reference in referenceElements)
        {
            var read = ReadReference(reference, policy);
            if (read.Rejection is not null) return read.Rejection;
            references.Add(read.Value!);
        }

        return new SignedInfoModel
        {
            Element = signedInfo,
            Algorithm = algorithm.Value,
            InclusivePrefixes = inclusivePrefixes.Value,
            References = references,
        };
    }

    private static Parsed<SignedReference> ReadReference(XmlElement reference, VerificationPolicy policy)
    {
        var uri = reference.GetAttribute("URI");
        if (uri.Length < 2 || uri[0] != '#' || uri.Contains('(') || uri.IndexOf('#', 1) >= 0)
            return VerificationResult.Rejected(RejectReason.ReferenceNotAllowed, $"reference URI '{Shorten(uri)}' is not a same-document #id reference");

        var transforms = FirstDs(reference, "Transforms");
        var transformElements = transforms is null ? [] : ChildrenDs(transforms, "Transform").ToList();
        if (transformElements.Count > policy.MaxTransformsPerReference)
            return VerificationResult.Rejected(RejectReason.TooManyTransforms, $"reference {uri} has {transformElements.Count} transforms; at most {policy.MaxTransformsPerReference} are allowed");
        if (transformElements.Count == 0)
            return VerificationResult.Rejected(RejectReason.TransformNotAllowed, $"reference {uri} has no exclusive c14n transform (it would default to inclusive c14n)");
        string[]? prefixes = null;
        foreach (var transform in transformElements)
        {
            var algorithm = transform.GetAttribute("Algorithm");
            if (algorithm != WsNamespaces.ExcC14N)
                return VerificationResult.Rejected(RejectReason.TransformNotAllowed, $"transform '{Shorten(algorithm)}' in reference {uri} is not allowed; only exclusive c14n");
            var list = PrefixList(transform, policy);
            if (list.Rejection is not null) return list.Rejection;
            prefixes = list.Value;
        }

        var digestMethod = FirstDs(reference, "DigestMethod")?.GetAttribute("Algorithm") ?? "";
        var digest = AlgorithmUris.DigestFromUri(digestMethod);
        if (digest is null || (digest == HashAlgorithmName.SHA1 && !policy.AllowSha1))
            return VerificationResult.Rejected(RejectReason.AlgorithmNotAllowed, $"digest method '{digestMethod}' is not allowed by the policy");

        var digestText = FirstDs(reference, "DigestValue")?.InnerText ?? "";
        byte[] digestValue;
        try { digestValue = Convert.FromBase64String(digestText.Trim()); }
        catch (FormatException) { return VerificationResult.Rejected(RejectReason.Malformed, $"reference {uri} has a DigestValue that is not base64"); }

        return new SignedReference(uri[1..], digest.Value, digestValue, prefixes);
    }

    private static readonly SearchValues<char> XmlSpace = SearchValues.Create(" \t\r\n");

    /// <summary>The InclusiveNamespaces PrefixList of a c14n method or transform (no value when there is none), counted before it is split.</summary>
    private static Parsed<string[]> PrefixList(XmlElement method, VerificationPolicy policy)
    {
        foreach (XmlNode child in method.ChildNodes)
        {
            if (child is not XmlElement { LocalName: "InclusiveNamespaces", NamespaceURI: WsNamespaces.ExcC14N } inclusive) continue;
            var list = inclusive.GetAttribute("PrefixList");
            var tokens = CountTokens(list);
            if (tokens > policy.MaxInclusivePrefixes)
                return VerificationResult.Rejected(RejectReason.PrefixListTooLong, $"an InclusiveNamespaces PrefixList names {tokens} prefixes; at most {policy.MaxInclusivePrefixes} are allowed");
            return list.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        }
        return new Parsed<string[]>(null, null);
    }

    private static int CountTokens(ReadOnlySpan<char> list)
    {
        var count = 0;
        while (true)
        {
            var start = list.IndexOfAnyExcept(XmlSpace);
            if (start < 0) return count;
            count++;
            list = list[start..];
            var end = list.IndexOfAny(XmlSpace);
            if (end < 0) return count;
            list = list[end..];
        }
    }

    internal static XmlElement? FirstDs(XmlElement parent, string localName)
    {
        for (var child = parent.FirstChild; child is not null; child = child.NextSibling)
            if (child is XmlElement e && e.LocalName == localName && e.NamespaceURI == WsNamespaces.Ds) return e;
        return null;
    }

    internal static IEnumerable<XmlElement> ChildrenDs(XmlElement parent, string localName)
    {
        for (var child = parent.FirstChild; child is not null; child = child.NextSibling)
            if (child is XmlElement e && e.LocalName == localName && e.NamespaceURI == WsNamespaces.Ds) yield return e;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
