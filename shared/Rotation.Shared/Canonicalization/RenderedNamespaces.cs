namespace Rotation.Shared.Canonicalization;

/// <summary>
/// The namespace declarations rendered by output ancestors, innermost last, and exclusive c14n's rule for
/// when an element must render one itself.
/// </summary>
internal sealed class RenderedNamespaces
{
    private readonly List<(string Prefix, string Uri)> _stack = [];

    public int Mark() => _stack.Count;

    public void Restore(int mark) => _stack.RemoveRange(mark, _stack.Count - mark);

    /// <summary>
    /// A prefix the element visibly utilizes: rendered here unless an output ancestor rendered the same binding.
    /// Adds it to <paramref name="declarations"/> (created on first use) once.
    /// </summary>
    public void Consider(string prefix, string uri, ref List<(string Prefix, string Uri)>? declarations)
    {
        if (prefix == "xml") return;
        if (declarations is not null && declarations.Exists(d => d.Prefix == prefix)) return;
        var current = Lookup(prefix);
        // An unrendered default namespace counts as the empty one: xmlns="" is written only to undo a rendered default.
        if (current is null ? (prefix.Length == 0 && uri.Length == 0) : current == uri) return;
        _stack.Add((prefix, uri));
        (declarations ??= []).Add((prefix, uri));
    }

    private string? Lookup(string prefix)
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
            if (_stack[i].Prefix == prefix) return _stack[i].Uri;
        return null;
    }
}
