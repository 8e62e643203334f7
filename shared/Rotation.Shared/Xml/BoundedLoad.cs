using System.Xml;

namespace Rotation.Shared.Xml;

/// <summary>What <see cref="SafeXml.LoadBounded"/> made of the bytes: exactly one of the three is set.</summary>
public readonly record struct BoundedLoad(XmlDocument? Document, XmlLimitBreach? Breach, string? NotWellFormed);
