using System.Text;

namespace Rotation.Shared.Tests.Canonicalization;

/// <summary>
/// Random, well-formed XML documents that exercise exclusive c14n: nested default and prefixed
/// namespace declarations, redeclarations and undeclarations, unused declarations, several prefixes
/// for one URI, attributes in and out of namespaces (ordering by URI then local name), xml:*
/// attributes, characters that need escaping in text and attributes (also as character
/// references for CR, TAB and LF), comments, processing instructions, CDATA and whitespace.
/// Deterministic per seed, so every failure names the seed that reproduces it.
/// </summary>
public sealed class RandomXmlGenerator(int seed)
{
    public static readonly string[] Prefixes = ["p", "q", "ns0", "wsu", "ds", "z"];
    private static readonly string[] Uris = ["urn:a", "urn:b", "http://example.com/c", "http://www.w3.org/2000/09/xmldsig#", "urn:a", "urn:x:ü", "urn:a?q=1&amp;r=&quot;2&quot;"];
    private static readonly string[] LocalNames = ["a", "b", "Item", "x-y", "_u", "Größe", "n.1", "Z"];
    private static readonly string[] TextPieces = ["plain", " ", "  ", "\n", "\t", "&amp;", "&lt;", "&gt;", "&#xD;", "&#13;", "\r\n", "\"", "'", "Grüße", "東京", "🔑", "a>b", "]]&gt;", "&#x9;", "&#xA;", "0", "&#160;", "\u00A0", "tab\there"];
    private static readonly string[] AttributePieces = ["v", " ", "&amp;", "&lt;", ">", "&quot;", "'", "&#9;", "&#10;", "&#13;", "&#xD;&#xA;", "\t", "\n", "Grüße", "🔑", "=", "x y", "&#x20;"];

    private readonly Random _random = new(seed);

    public int MaxDepth { get; init; } = 5;

    public string Generate()
    {
        var text = new StringBuilder();
        if (_random.Next(4) == 0) text.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        if (_random.Next(3) == 0) text.Append("<!--prolog-->");
        Element(text, new Scope(), 0);
        if (_random.Next(3) == 0) text.Append("<?epilog x?>");
        return text.ToString();
    }

    private void Element(StringBuilder text, Scope outer, int depth)
    {
        var scope = outer.Clone();
        var declarations = new List<(string Prefix, string Uri)>();
        var declarationCount = _random.Next(5) switch { 0 or 1 => 0, 2 => 1, 3 => 2, _ => 3 };
        for (var i = 0; i < declarationCount; i++)
        {
            var prefix = _random.Next(4) == 0 ? "" : Pick(Prefixes);
            if (declarations.Exists(d => d.Prefix == prefix)) continue;
            var uri = prefix.Length == 0 && _random.Next(4) == 0 ? "" : Pick(Uris);
            declarations.Add((prefix, uri));
            scope.Bind(prefix, uri);
        }

        var prefixed = scope.BoundPrefixes().ToList();
        var elementPrefix = prefixed.Count > 0 && _random.Next(2) == 0 ? Pick(prefixed) : "";
        var name = (elementPrefix.Length > 0 ? elementPrefix + ":" : "") + Pick(LocalNames);

        text.Append('<').Append(name);
        foreach (var (prefix, uri) in Shuffle(declarations))
            text.Append(prefix.Length == 0 ? " xmlns" : " xmlns:" + prefix).Append("=\"").Append(uri).Append('"');

        var expandedNames = new HashSet<string>();
        var attributeCount = _random.Next(5);
        for (var i = 0; i < attributeCount; i++)
        {
            string qualified, expanded;
            switch (_random.Next(5))
            {
                case 0 when prefixed.Count > 0:
                case 1 when prefixed.Count > 0:
                    var prefix = Pick(prefixed);
                    var local = Pick(LocalNames);
                    (qualified, expanded) = (prefix + ":" + local, "{" + scope.Resolve(prefix) + "}" + local);
                    break;
                case 2:
                    var xmlName = Pick(["lang", "space", "id", "base"]);
                    (qualified, expanded) = ("xml:" + xmlName, "{xml}" + xmlName);
                    break;
                default:
                    var plain = Pick(LocalNames);
                    (qualified, expanded) = (plain, "{}" + plain);
                    break;
            }
            if (!expandedNames.Add(expanded)) continue;
            var value = expanded == "{xml}space" ? Pick(["preserve", "default"]) : Pieces(AttributePieces, _random.Next(4));
            text.Append(' ').Append(qualified).Append(_random.Next(2) == 0 ? "=\"" : " = \"").Append(value).Append('"');
        }

        var childCount = depth >= MaxDepth ? _random.Next(2) : _random.Next(6);
        if (childCount == 0 && _random.Next(2) == 0)
        {
            text.Append("/>");
            return;
        }
        text.Append('>');
        for (var i = 0; i < childCount; i++)
        {
            switch (_random.Next(10))
            {
                case 0 or 1 or 2 or 3 when depth < MaxDepth: Element(text, scope, depth + 1); break;
                case 4: text.Append("<!--").Append(Pick(["", " c ", "a-b", "<&>"])).Append("-->"); break;
                case 5: text.Append("<?").Append(Pick(["app", "x-pi", "a.b"])).Append(Pick(["", " data", " a=\"1\" & <", "  lead"])).Append("?>"); break;
                case 6: text.Append("<![CDATA[").Append(Pick(["", "<not-markup> & \"q\"", "]]", "\r\n", "x]y"])).Append("]]>"); break;
                case 7: text.Append(Pick(["\n  ", " ", "\t", "\r\n"])); break;
                default: text.Append(Pieces(TextPieces, 1 + _random.Next(4))); break;
            }
        }
        text.Append("</").Append(name).Append('>');
    }

    private string Pieces(string[] pool, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append(Pick(pool));
        return text.ToString();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private IEnumerable<T> Shuffle<T>(List<T> items) => items.OrderBy(_ => _random.Next()).ToList();

    /// <summary>The inclusive prefix list for a case: none, or a random subset of prefixes (some out of scope) and maybe #default.</summary>
    public IReadOnlyCollection<string>? InclusivePrefixes()
    {
        if (_random.Next(5) < 2) return null;
        var list = Prefixes.Where(_ => _random.Next(3) == 0).ToList();
        if (_random.Next(3) == 0) list.Add("#default");
        if (_random.Next(4) == 0) list.Add("unbound");
        return list;
    }

    public int Next(int max) => _random.Next(max);

    /// <summary>Which elements of a generated document to canonicalise (document order): the root and up to three inside it, whose ancestors' namespaces are in scope but not output.</summary>
    public IReadOnlyList<int> TargetIndexes(int elementCount)
    {
        var targets = new List<int> { 0 };
        for (var i = 0; i < 3 && elementCount > 1; i++)
        {
            var index = 1 + _random.Next(elementCount - 1);
            if (!targets.Contains(index)) targets.Add(index);
        }
        return targets;
    }

    private sealed class Scope
    {
        private readonly Dictionary<string, string> _bindings = new() { [""] = "" };

        public Scope Clone()
        {
            var clone = new Scope();
            foreach (var (prefix, uri) in _bindings) clone._bindings[prefix] = uri;
            return clone;
        }

        public void Bind(string prefix, string uri) => _bindings[prefix] = uri;

        public string Resolve(string prefix) => _bindings[prefix];

        public IEnumerable<string> BoundPrefixes() => _bindings.Keys.Where(p => p.Length > 0);
    }
}
