using System.Security.Cryptography;
using Rotation.Shared.Canonicalization;

namespace Rotation.Shared.WsSecurity;

/// <summary>
/// The wsse:Security header of docs/DESIGN.md §1 in Strict layout order (Timestamp, token, Signature), written as
/// UTF-8 text. The signer writes every element here itself, so the canonical forms of the Timestamp and the
/// SignedInfo are known without parsing them: the header carries them verbatim, less the namespace
/// declarations an ancestor already makes.
/// </summary>
internal sealed class SecurityHeader(string soapNamespace, string headerPrefix)
{
    private const string TimestampOpen = "<wsu:Timestamp xmlns:wsu=\"" + WsNamespaces.Wsu + "\"";
    private const string SignedInfoOpen = "<ds:SignedInfo xmlns:ds=\"" + WsNamespaces.Ds + "\">";

    // The Header's own prefix is bound to the SOAP namespace where Security stands. The Security header binds
    // wsse, wsu and ds for itself, so a SOAP prefix spelled like one of them (or none, for a Header in the
    // default namespace) cannot name mustUnderstand's namespace in there.
    private readonly string _soapPrefix = headerPrefix is "" or "wsse" or "wsu" or "ds" ? "soapenv" : headerPrefix;

    /// <summary>The canonical Timestamp: also its text in the header, once the declaration Security makes is taken out.</summary>
    public static void WriteCanonicalTimestamp(string id, DateTimeOffset created, DateTimeOffset expires, Utf8Sink sink)
    {
        sink.Append(TimestampOpen);
        sink.Append(" wsu:Id=\"");
        sink.Append(id);
        sink.Append("\"><wsu:Created>");
        sink.Append(ResponseSigner.FormatTime(created));
        sink.Append("</wsu:Created><wsu:Expires>");
        sink.Append(ResponseSigner.FormatTime(expires));
        sink.Append("</wsu:Expires></wsu:Timestamp>");
    }

    /// <summary>The canonical SignedInfo over the given references, each with the exclusive c14n transform.</summary>
    public static void WriteCanonicalSignedInfo(SignatureAlgorithm algorithm, ReadOnlySpan<(string Uri, string Digest)> references, Utf8Sink sink)
    {
        sink.Append(SignedInfoOpen);
        sink.Append("<ds:CanonicalizationMethod Algorithm=\"" + WsNamespaces.ExcC14N + "\"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm=\"");
        sink.Append(AlgorithmUris.SignatureUri(algorithm));
        sink.Append("\"></ds:SignatureMethod>");
        var digestMethod = AlgorithmUris.DigestUriFor(algorithm);
        foreach (var (uri, digest) in references)
        {
            sink.Append("<ds:Reference URI=\"");
            CanonicalText.WriteAttributeValue(uri, sink);
            sink.Append("\"><ds:Transforms><ds:Transform Algorithm=\"" + WsNamespaces.ExcC14N + "\"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm=\"");
            sink.Append(digestMethod);
            sink.Append("\"></ds:DigestMethod><ds:DigestValue>");
            sink.Append(digest);
            sink.Append("</ds:DigestValue></ds:Reference>");
        }
        sink.Append("</ds:SignedInfo>");
    }

    /// <summary>The whole header element, from the canonical Timestamp and SignedInfo already signed.</summary>
    public void Write(ReadOnlySpan<byte> canonicalTimestamp, ReadOnlySpan<byte> canonicalSignedInfo, string signatureValue,
        SignerSettings settings, SigningKey key, string tokenId, Utf8Sink sink)
    {
        sink.Append("<wsse:Security xmlns:wsse=\"" + WsNamespaces.Wsse + "\" xmlns:wsu=\"" + WsNamespaces.Wsu + "\"");
        if (_soapPrefix != headerPrefix)
        {
            sink.Append(" xmlns:");
            sink.Append(_soapPrefix);
            sink.Append("=\"");
            sink.Append(soapNamespace);
            sink.Append((byte)'"');
        }
        sink.Append((byte)' ');
        sink.Append(_soapPrefix);
        sink.Append(":mustUnderstand=\"1\">");

        sink.Append("<wsu:Timestamp"u8);
        sink.Append(canonicalTimestamp[TimestampOpen.Length..]);

        var keyReference = settings.KeyReference;
        var pkiPath = settings.TokenFormat == TokenFormat.PkiPath;
        var valueType = pkiPath ? WsNamespaces.PkiPathV1 : WsNamespaces.X509v3;
        if (keyReference == KeyReference.BinarySecurityToken)
        {
            sink.Append("<wsse:BinarySecurityToken EncodingType=\"" + WsNamespaces.Base64Binary + "\" ValueType=\"");
            sink.Append(valueType);
            sink.Append("\" wsu:Id=\"");
            sink.Append(tokenId);
            sink.Append("\">");
            sink.Append(pkiPath ? key.PkiPathBase64 : key.TokenBase64);
            sink.Append("</wsse:BinarySecurityToken>");
        }

        sink.Append("<ds:Signature xmlns:ds=\"" + WsNamespaces.Ds + "\"><ds:SignedInfo>");
        sink.Append(canonicalSignedInfo[SignedInfoOpen.Length..]);
        sink.Append("<ds:SignatureValue>");
        sink.Append(signatureValue);
        sink.Append("</ds:SignatureValue><ds:KeyInfo><wsse:SecurityTokenReference>");
        if (keyReference == KeyReference.BinarySecurityToken)
        {
            sink.Append("<wsse:Reference URI=\"#");
            sink.Append(tokenId);
            sink.Append("\" ValueType=\"");
            sink.Append(valueType);
            sink.Append("\"></wsse:Reference>");
        }
        else
        {
            sink.Append("<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>");
            CanonicalText.WriteText(key.IssuerName, sink);
            sink.Append("</ds:X509IssuerName><ds:X509SerialNumber>");
            sink.Append(key.SerialNumber);
            sink.Append("</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>");
        }
        sink.Append("</wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature></wsse:Security>");
    }

    public static string Digest(ReadOnlySpan<byte> canonical, HashAlgorithmName hash)
    {
        Span<byte> digest = stackalloc byte[64];
        var length = CryptographicOperations.HashData(hash, canonical, digest);
        return Convert.ToBase64String(digest[..length]);
    }
}
