using System.Text;
using Rotation.Shared.Xml;

namespace Rotation.Shared.WsSecurity;

/// <summary>
/// The envelope as UTF-8 without a byte order mark: the form the signer inserts its UTF-8 header into. Bytes in
/// another encoding are parsed and written again as UTF-8 (with the declaration saying so), because header bytes
/// spliced into, say, UTF-16 would make every receiver read other characters than were signed.
/// </summary>
internal static class Utf8Document
{
    public static byte[] From(ReadOnlySpan<byte> envelope)
    {
        var bytes = envelope.StartsWith("\xEF\xBB\xBF"u8) ? envelope[3..] : envelope;
        if (IsUtf8(bytes, envelope.Length != bytes.Length)) return bytes.ToArray();
        var document = SafeXml.Load(envelope.ToArray(), 0, envelope.Length);
        using var output = new MemoryStream(envelope.Length + 64);
        ResponseSigner.Serialize(document, output);
        return output.ToArray();
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes, bool hadUtf8Mark)
    {
        if (!hadUtf8Mark && bytes.Length >= 2 && (bytes[0] is 0x00 or 0xFE or 0xFF || bytes[1] == 0x00)) return false;
        if (!bytes.StartsWith("<?xml"u8)) return true;
        var end = bytes.IndexOf("?>"u8);
        if (end < 0) return true; // not well-formed: the parser will say so
        var declaration = Encoding.ASCII.GetString(bytes[..end]);
        var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0) return true;
        var value = declaration[(at + "encoding".Length)..].TrimStart(' ', '\t', '\r', '\n', '=').TrimStart();
        if (value.Length < 2) return true;
        var close = value.IndexOf(value[0], 1);
        var name = close > 0 ? value[1..close] : value;
        return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
