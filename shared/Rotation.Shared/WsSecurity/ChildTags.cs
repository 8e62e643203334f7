namespace Rotation.Shared.WsSecurity;

/// <summary>A child of the envelope in its bytes: the start tag [Start, StartTagEnd), and the end tag's offset (the start tag's end when empty).</summary>
internal readonly record struct ChildTags(int Start, int StartTagEnd, bool IsEmpty, int EndTag);
