using System.Text.RegularExpressions;

namespace Rotation.Shared.Certificates;

/// <summary>
/// The one rule for keystore aliases, the tenant's and the sender's: aliases appear in URLs, headers and file
/// metadata, so they keep to a safe alphabet.
/// </summary>
public static partial class KeyAlias
{
    public const string Rule = "1–100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? alias) => alias is not null && Pattern().IsMatch(alias);

    /// <summary>The refusal of an invalid alias, naming the rule.</summary>
    public static string Refusal(string? alias) => $"alias '{alias}' is invalid: {Rule}";
}
