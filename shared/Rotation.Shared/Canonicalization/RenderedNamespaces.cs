namespace Rotation.Shared.Canonicalization;

/// <summary>
/// The namespace declarations rendered by output ancestors, and exclusive c14n's rule for when an element must
/// render one itself. Lookups are by hash, so an element's cost is proportional to its own attributes however many
/// declarations its ancestors rendered.
/// </summary>
internal sealed class RenderedNamespaces
{
    /// <summary>Each prefix's innermost rendered binding and the element level that rendered it.</summary>
    private readonly Dictionary<string, (string Uri, int Level)> _current = new(StringComparer.Ordinal);

    /// <summary>What each rendering replaced, innermost last, to undo when its element ends.</summary>
    private readonly List<(string Prefix, (string Uri, int Level)? Replaced)> _undo = [];

    private int _level;

    /// <summary>Opens an element; <see cref="Restore"/> with the returned mark closes it.</summary>
    public int Mark()
    {
        _level++;
        return _undo.Count;
    }

    public void Restore(int mark)
    {
        for (var i = _undo.Count - 1; i >= mark; i--)
        {
            var (prefix, replaced) = _undo[i];
            if (replaced is { } previous) _current[prefix] = previous;
            else _current.Remove(prefix);
        }
        _undo.RemoveRange(mark, _undo.Count - mark);
        _level--;
    }

    /// <summary>
    /// A prefix the element visibly utilizes: rendered here unless an output ancestor rendered the same binding.
    /// Adds it to <paramref name="declarations"/> (created on first use) once.
    /// </summary>
    public void Consider(string prefix, string uri, ref List<(string Prefix, string Uri)>? declarations)
    {
        if (prefix == "xml") return;
        (string Uri, int Level)? current = _current.TryGetValue(prefix, out var found) ? found : null;
        if (current?.Level == _level) return; // this element already renders the prefix
        // An unrendered default namespace counts as the empty one: xmlns="" is written only to undo a rendered default.
        if (current is null ? (prefix.Length == 0 && uri.Length == 0) : current.Value.Uri == uri) return;
        _undo.Add((prefix, current));
        _current[prefix] = (uri, _level);
        (declarations ??= []).Add((prefix, uri));
    }
}
