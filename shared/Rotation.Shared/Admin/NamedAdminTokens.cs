using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Rotation.Shared.Admin;

/// <summary>
/// The bearer tokens an admin API accepts, each with the name the audit trail records as "who". Every
/// presented token is compared with every known one in constant time (digests of equal length, no early exit),
/// so neither a token's content nor which name it belongs to shows in the timing.
/// </summary>
public sealed partial class NamedAdminTokens
{
    /// <summary>The name of the service's own token (ROTATION_ADMIN_TOKEN or the generated file).</summary>
    public const string PrimaryName = "admin";

    public const int MinimumTokenLength = 16;

    private readonly (string Name, byte[] Digest)[] _tokens;

    public NamedAdminTokens(string primary, IReadOnlyDictionary<string, string>? named = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(primary);
        var tokens = new List<(string, byte[])> { (PrimaryName, Digest(primary)) };
        foreach (var (name, token) in named ?? new Dictionary<string, string>())
        {
            if (Problem(name, token) is { } problem) throw new ArgumentException(problem, nameof(named));
            if (token == primary || named!.Any(other => other.Key != name && other.Value == token))
                throw new ArgumentException($"admin token '{name}' is the same as another token: each caller needs its own", nameof(named));
            tokens.Add((name, Digest(token)));
        }
        _tokens = [.. tokens];
    }

    public IReadOnlyList<string> Names => [.. _tokens.Select(t => t.Name)];

    /// <summary>The name of the token presented, or null when it is none of them.</summary>
    public string? NameOf(string? presented)
    {
        if (presented is null) return null;
        var digest = Digest(presented);
        string? match = null;
        foreach (var (name, known) in _tokens)
            if (CryptographicOperations.FixedTimeEquals(digest, known)) match = name;
        return match;
    }

    /// <summary>
    /// Parses "name=token,name=token" (ROTATION_ADMIN_TOKENS): names of letters, digits, '.', '_', '-' (not
    /// "admin"), tokens of at least <see cref="MinimumTokenLength"/> characters without ',' or whitespace.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parse(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return result;
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new FormatException("admin tokens are written name=token, separated by commas");
            var (name, token) = (pair[..equals], pair[(equals + 1)..]);
            if (Problem(name, token) is { } problem) throw new FormatException(problem);
            if (!result.TryAdd(name, token)) throw new FormatException($"admin token name '{name}' appears twice");
        }
        return result;
    }

    private static string? Problem(string name, string token) =>
        !NamePattern().IsMatch(name) ? $"admin token name '{Shorten(name)}' must be 1–64 letters, digits, '.', '_' or '-'"
        : name == PrimaryName ? $"'{PrimaryName}' names the service's own token (ROTATION_ADMIN_TOKEN)"
        : token.Length < MinimumTokenLength || token.Any(char.IsWhiteSpace) ? $"admin token '{name}' must have at least {MinimumTokenLength} characters and no whitespace"
        : null;

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
