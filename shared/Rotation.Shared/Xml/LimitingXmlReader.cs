using System.Xml;

namespace Rotation.Shared.Xml;

/// <summary>
/// Passes an <see cref="XmlReader"/> through unchanged while checking <see cref="XmlLimits"/> on every start tag, so
/// that <see cref="XmlDocument.Load(XmlReader)"/> stops at the first element that breaks one instead of building
/// (and later walking) it. The inner reader has already read the whole start tag, in time linear in its length.
/// </summary>
internal sealed class LimitingXmlReader(XmlReader inner, XmlLimits limits) : XmlReader
{
    private readonly string _xmlnsUri = inner.NameTable.Add("http://www.w3.org/2000/xmlns/");

    /// <summary>
    /// XmlDocument.Load has no way to be told to stop except an exception; this one never leaves
    /// <see cref="SafeXml.LoadBounded"/>, which returns the breach as a value.
    /// </summary>
    internal sealed class BreachException(XmlLimitBreach breach) : Exception(breach.Message)
    {
        public XmlLimitBreach Breach { get; } = breach;
    }

    /// <summary>
    /// The reader this one checks. A caller that reads many nodes itself reads this one, one call cheaper per property,
    /// and calls <see cref="CheckElement"/> on every start tag instead.
    /// </summary>
    public XmlReader Inner => inner;

    public override bool Read()
    {
        if (!inner.Read()) return false;
        if (inner.NodeType == XmlNodeType.Element) CheckElement();
        return true;
    }

    /// <summary>Checks the start tag <see cref="Inner"/> is on; throws <see cref="BreachException"/> when it breaks a limit.</summary>
    public void CheckElement()
    {
        if (inner.Depth > limits.MaxDepth)
            throw new BreachException(new XmlLimitBreach(XmlLimit.Depth, $"elements nest deeper than {limits.MaxDepth} levels (at <{inner.Name}>)"));
        var count = inner.AttributeCount;
        // Most elements carry a handful of attributes: only a crowded start tag is split into its two kinds.
        if (count <= Math.Min(limits.MaxAttributesPerElement, limits.MaxNamespaceDeclarationsPerElement)) return;
        int attributes = 0, declarations = 0;
        for (var i = 0; i < count; i++)
        {
            inner.MoveToAttribute(i);
            if (inner.NamespaceURI == _xmlnsUri) declarations++;
            else attributes++;
            if (attributes > limits.MaxAttributesPerElement)
                throw Breached(XmlLimit.Attributes, $"<{Element()}> has more than {limits.MaxAttributesPerElement} attributes");
            if (declarations > limits.MaxNamespaceDeclarationsPerElement)
                throw Breached(XmlLimit.NamespaceDeclarations, $"<{Element()}> has more than {limits.MaxNamespaceDeclarationsPerElement} namespace declarations");
        }
        inner.MoveToElement();
    }

    private string Element()
    {
        inner.MoveToElement();
        return inner.Name;
    }

    private static BreachException Breached(XmlLimit limit, string message) => new(new XmlLimitBreach(limit, message));

    public override int AttributeCount => inner.AttributeCount;
    public override string BaseURI => inner.BaseURI;
    public override int Depth => inner.Depth;
    public override bool EOF => inner.EOF;
    public override bool HasValue => inner.HasValue;
    public override bool IsDefault => inner.IsDefault;
    public override bool IsEmptyElement => inner.IsEmptyElement;
    public override string LocalName => inner.LocalName;
    public override string Name => inner.Name;
    public override string NamespaceURI => inner.NamespaceURI;
    public override XmlNameTable NameTable => inner.NameTable;
    public override XmlNodeType NodeType => inner.NodeType;
    public override string Prefix => inner.Prefix;
    public override char QuoteChar => inner.QuoteChar;
    public override ReadState ReadState => inner.ReadState;
    public override string Value => inner.Value;
    public override string XmlLang => inner.XmlLang;
    public override XmlSpace XmlSpace => inner.XmlSpace;
    public override XmlReaderSettings? Settings => inner.Settings;
    public override string GetAttribute(int i) => inner.GetAttribute(i);
    public override string? GetAttribute(string name) => inner.GetAttribute(name);
    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);
    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
    public override bool MoveToElement() => inner.MoveToElement();
    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => inner.ReadAttributeValue();
    public override void ResolveEntity() => inner.ResolveEntity();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
