namespace Rotation.Shared.Xml;

/// <summary>
/// Per-element bounds enforced while an untrusted document is parsed, before anything walks it: each later pass
/// over an element (namespace lookups, canonicalisation, attribute sorting) stays proportional to these, not to
/// what an attacker chose to send.
/// </summary>
public sealed record XmlLimits(int MaxDepth, int MaxAttributesPerElement, int MaxNamespaceDeclarationsPerElement);

/// <summary>Which bound of <see cref="XmlLimits"/> a document broke.</summary>
public enum XmlLimit
{
    Depth,
    Attributes,
    NamespaceDeclarations,
}

/// <summary>The bound a document broke and where, in words.</summary>
public sealed record XmlLimitBreach(XmlLimit Limit, string Message);
