namespace Rotation.Shared.Canonicalization;

/// <summary>A prefixed attribute the signer adds to an element's start tag (the Body's wsu:Id).</summary>
internal readonly record struct AddedAttribute(string Prefix, string LocalName, string NamespaceUri, string Value);
