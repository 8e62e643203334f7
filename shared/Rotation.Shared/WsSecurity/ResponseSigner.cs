using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.Xml;

namespace Rotation.Shared.WsSecurity;

/// <summary>
/// Turns a SOAP 1.1 or 1.2 envelope into one signed with WS-Security (X.509 token profile) in the wire
/// format of DESIGN.md §1: Timestamp, then the token, then the Signature over Body and Timestamp.
/// Stateless apart from the clock: one instance serves every request concurrently.
/// </summary>
public sealed class ResponseSigner(TimeProvider time)
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public TimeProvider Time => time;

    /// <summary>Signs the serialised envelope and returns the signed bytes (UTF-8).</summary>
    public byte[] Sign(ReadOnlySpan<byte> envelope, SigningKey key, SignerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var copy = envelope.ToArray();
        var document = SafeXml.Load(copy, 0, copy.Length);
        SignParsed(document, key, settings);
        using var output = new MemoryStream(copy.Length + 4096);
        Serialize(document, output);
        return output.ToArray();
    }

    /// <summary>
    /// Signs the document in place and returns it. The signature covers the document as it serialises:
    /// a DOM built in code may hold what only serialisation settles (a namespaced attribute without a
    /// prefix gets one), so the document is serialised, signed as bytes and loaded back.
    /// </summary>
    public XmlDocument Sign(XmlDocument envelope, SigningKey key, SignerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        using var serialised = new MemoryStream();
        Serialize(envelope, serialised);
        var signed = Sign(serialised.GetBuffer().AsSpan(0, (int)serialised.Length), key, settings);
        envelope.PreserveWhitespace = true;
        envelope.XmlResolver = null;
        using var reader = XmlReader.Create(new MemoryStream(signed), SafeXml.ReaderSettings(long.MaxValue));
        envelope.Load(reader);
        return envelope;
    }

    private void SignParsed(XmlDocument envelope, SigningKey key, SignerSettings settings)
    {
        if (!key.Supports(settings.Algorithm))
            throw new ArgumentException($"the key of {key.Certificate.Subject} cannot sign with {settings.Algorithm}", nameof(settings));

        var parts = SoapParts.Locate(envelope);
        var writer = new SecurityHeaderWriter(envelope, parts);
        var now = time.GetUtcNow();
        var ids = new SignatureIds();

        var security = writer.AppendSecurityHeader();
        var timestamp = writer.AppendTimestamp(security, ids.Timestamp, now, now + settings.TimestampTimeToLive);
        if (settings.KeyReference == KeyReference.BinarySecurityToken)
            writer.AppendBinarySecurityToken(security, ids.Token, key.TokenBase64);
        var bodyId = writer.EnsureBodyId(ids.Body);

        var hash = AlgorithmUris.HashOf(settings.Algorithm);
        using var sink = new Utf8Sink();
        var references = new List<(string Uri, string Digest)>(2)
        {
            ("#" + ids.Timestamp, Digest(timestamp, hash, sink)),
            ("#" + bodyId, Digest(parts.Body, hash, sink)),
        };

        var signature = writer.AppendSignature(security, settings.Algorithm, references);
        var signedInfo = (XmlElement)signature.FirstChild!;
        sink.Clear();
        ExclusiveCanonicalizer.Canonicalize(signedInfo, null, sink);
        var signatureValue = key.SignData(sink.Written, settings.Algorithm);
        writer.CompleteSignature(signature, Convert.ToBase64String(signatureValue), settings.KeyReference, key, ids.Token);
    }

    /// <summary>Writes the document as it is, without re-indenting: the signature covers these exact characters.</summary>
    public static void Serialize(XmlDocument document, Stream output)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = Utf8NoBom,
            Indent = false,
            NewLineHandling = NewLineHandling.Entitize,
            OmitXmlDeclaration = document.FirstChild is not XmlDeclaration,
        };
        using var writer = XmlWriter.Create(output, settings);
        document.Save(writer);
    }

    private static string Digest(XmlElement element, HashAlgorithmName hash, Utf8Sink sink)
    {
        sink.Clear();
        ExclusiveCanonicalizer.Canonicalize(element, null, sink);
        Span<byte> digest = stackalloc byte[64];
        var length = CryptographicOperations.HashData(hash, sink.Written, digest);
        return Convert.ToBase64String(digest[..length]);
    }

    /// <summary>Fresh wsu:Id values for one signature, in WSS4J's style (prefix, dash, random hex).</summary>
    private sealed class SignatureIds
    {
        private readonly string _suffix = Guid.NewGuid().ToString("N");
        public string Timestamp => "TS-" + _suffix;
        public string Token => "X509-" + _suffix;
        public string Body => "Body-" + _suffix;
    }

    internal static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
