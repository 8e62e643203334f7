using System.Xml;

namespace Rotation.Shared.Xml;

/// <summary>Parses untrusted XML: no DTD, no entities, no resolver, bounded size, whitespace kept for signatures.</summary>
public static class SafeXml
{
    public static XmlReaderSettings ReaderSettings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = false,
        IgnoreWhitespace = false,
        IgnoreProcessingInstructions = false,
        CloseInput = false,
    };

    /// <summary>Loads a document with <see cref="XmlDocument.PreserveWhitespace"/> set: signing and verifying need the exact text.</summary>
    public static XmlDocument Load(Stream stream, long maxCharacters = 64L * 1024 * 1024)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(stream, ReaderSettings(maxCharacters));
        document.Load(reader);
        return document;
    }

    public static XmlDocument Load(byte[] bytes, int offset, int count, long maxCharacters = 64L * 1024 * 1024)
    {
        using var stream = new MemoryStream(bytes, offset, count, writable: false);
        return Load(stream, maxCharacters);
    }

    /// <summary>
    /// Loads untrusted bytes as <see cref="Load(byte[], int, int, long)"/> does, refusing at the first element that breaks
    /// <paramref name="limits"/>: the outcome is a document, a breached limit or the parser's complaint, never an exception.
    /// </summary>
    public static BoundedLoad LoadBounded(byte[] bytes, int offset, int count, long maxCharacters, XmlLimits limits)
    {
        if (StartTagCensus.Check(bytes.AsSpan(offset, count), limits) is { } crowded) return new BoundedLoad(null, crowded, null);
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var stream = new MemoryStream(bytes, offset, count, writable: false);
        using var reader = new LimitingXmlReader(XmlReader.Create(stream, ReaderSettings(maxCharacters)), limits);
        try
        {
            document.Load(reader);
            return new BoundedLoad(document, null, null);
        }
        catch (LimitingXmlReader.BreachException e)
        {
            return new BoundedLoad(null, e.Breach, null);
        }
        catch (XmlException e)
        {
            return new BoundedLoad(null, null, e.Message);
        }
    }

    /// <summary>True when the bytes carry a document type declaration: the reason a prohibited-DTD parse failed.</summary>
    public static bool HasDoctype(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOf("<!DOCTYPE"u8) >= 0;
}
