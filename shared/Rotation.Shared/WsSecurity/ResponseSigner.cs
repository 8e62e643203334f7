using System.Globalization;
using System.Text;
using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.Xml;

namespace Rotation.Shared.WsSecurity;

/// <summary>
/// Turns a SOAP 1.1 or 1.2 envelope into one signed with WS-Security (X.509 token profile) in the wire
/// format of docs/DESIGN.md §1: a fresh Timestamp, then the token, then the Signature over Body and Timestamp.
/// Nothing here depends on the direction: the tenant signs its responses with it and the sender its requests
/// (docs/DESIGN.md §10), so both sides put the same header on the wire.
/// The response is parsed once, its Body canonicalised while parsing, and the Security header and the Body's
/// wsu:Id are inserted into the bytes as they came: nothing the sender will read is re-serialised (docs/DESIGN.md §7a).
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
        if (!key.Supports(settings.Algorithm))
            throw new ArgumentException($"the key of {key.Certificate.Subject} cannot sign with {settings.Algorithm}", nameof(settings));

        var xml = Utf8Document.From(envelope);
        var ids = new SignatureIds();
        var hash = AlgorithmUris.HashOf(settings.Algorithm);
        using var sink = new Utf8Sink(Math.Max(4096, xml.Length));

        var parsed = ResponseEnvelope.Read(xml, ids.Body, sink);
        var bodyDigest = SecurityHeader.Digest(sink.Written, hash);

        var now = time.GetUtcNow();
        sink.Clear();
        SecurityHeader.WriteCanonicalTimestamp(ids.Timestamp, now, now + settings.TimestampTimeToLive, sink);
        var timestampLength = sink.Written.Length;
        ReadOnlySpan<(string, string)> references = [("#" + ids.Timestamp, SecurityHeader.Digest(sink.Written, hash)), ("#" + parsed.BodyId, bodyDigest)];
        SecurityHeader.WriteCanonicalSignedInfo(settings.Algorithm, references, sink);
        var signatureValue = Convert.ToBase64String(key.SignData(sink.Written[timestampLength..], settings.Algorithm));

        var (header, body) = EnvelopeMarkup.Locate(xml, parsed.HeaderIndex, parsed.HeaderName, parsed.BodyIndex, parsed.BodyName);
        // The Security header becomes the Header's last child; without a Header, one is made before the Body.
        var headerName = parsed.HeaderName ?? (parsed.EnvelopePrefix.Length == 0 ? "Header" : parsed.EnvelopePrefix + ":Header");
        var (headerAt, replaced, open, close) = header switch
        {
            null => (body.Start, 0, "<" + headerName + ">", "</" + headerName + ">"),
            { IsEmpty: true } empty => (empty.StartTagEnd - 2, 2, ">", "</" + headerName + ">"), // "<s:Header/>": its "/>" gives way
            { } full => (full.EndTag, 0, "", ""),
        };
        using var headerInsert = new Utf8Sink(8192);
        headerInsert.Append(open);
        new SecurityHeader(parsed.SoapNamespace, PrefixOf(headerName)).Write(sink.Written[..timestampLength], sink.Written[timestampLength..],
            signatureValue, settings, key, ids.Token, headerInsert);
        headerInsert.Append(close);

        var bodyIdInsert = parsed.AddedBodyId is { } id
            ? (parsed.DeclaresBodyIdPrefix ? $" xmlns:{id.Prefix}=\"{WsNamespaces.Wsu}\"" : "") + $" {id.Prefix}:Id=\"{id.Value}\""
            : "";
        var bodyIdAt = body.StartTagEnd - (body.IsEmpty ? 2 : 1);

        var headerEdit = new Edit(headerAt, replaced, headerInsert.Written);
        var bodyEdit = new Edit(bodyIdAt, 0, Encoding.UTF8.GetBytes(bodyIdInsert));
        return headerAt <= bodyIdAt ? Splice(xml, headerEdit, bodyEdit) : Splice(xml, bodyEdit, headerEdit);
    }

    /// <summary>
    /// Signs the document and returns it, loaded from the signed bytes. The signature covers the document as it
    /// serialises: a DOM built in code may hold what only serialisation settles (a namespaced attribute without a
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

    /// <summary>The input with two insertions, the first before the second, each replacing <see cref="Edit.Replaced"/> bytes at its place.</summary>
    private static byte[] Splice(ReadOnlySpan<byte> xml, Edit first, Edit second)
    {
        var output = new byte[xml.Length - first.Replaced - second.Replaced + first.Insert.Length + second.Insert.Length];
        var written = 0;
        void Copy(ReadOnlySpan<byte> part)
        {
            part.CopyTo(output.AsSpan(written));
            written += part.Length;
        }
        Copy(xml[..first.At]);
        Copy(first.Insert);
        Copy(xml[(first.At + first.Replaced)..second.At]);
        Copy(second.Insert);
        Copy(xml[(second.At + second.Replaced)..]);
        return output;
    }

    private readonly ref struct Edit(int at, int replaced, ReadOnlySpan<byte> insert)
    {
        public int At { get; } = at;
        public int Replaced { get; } = replaced;
        public ReadOnlySpan<byte> Insert { get; } = insert;
    }

    private static string PrefixOf(string qualifiedName) =>
        qualifiedName.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? qualifiedName[..colon] : "";

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
