using System.Text.RegularExpressions;

namespace Rotation.Tenant.Keystore;

/// <summary>Aliases appear in URLs, headers and file metadata: keep them to a safe alphabet.</summary>
internal static partial class AliasRules
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static KeystoreError? Check(string? alias) => alias is not null && Pattern().IsMatch(alias)
        ? null
        : new KeystoreError(KeystoreErrorCode.InvalidAlias, $"alias '{alias}' is invalid: 1–100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
}
