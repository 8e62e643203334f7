using System.Text;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>An alias in a URL key: the upper-case hex of its UTF-8 bytes (<c>my alias</c> → <c>6D7920616C696173</c>).</summary>
internal static class HexAlias
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    public static string Encode(string alias) => Convert.ToHexString(Encoding.UTF8.GetBytes(alias));

    /// <summary>The alias, or why the key is refused (not hex, not UTF-8, or a slash or backslash in it).</summary>
    public static KeystoreResult<string> Decode(string hex)
    {
        string alias;
        try { alias = Strict.GetString(Convert.FromHexString(hex)); }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return new KeystoreError(KeystoreErrorCode.InvalidAlias, $"'{hex}' is not a Hexalias: the alias's UTF-8 bytes in hex, e.g. 6D7920616C696173 for 'my alias'");
        }
        // The platform refuses slashes in keys even when hex- or percent-encoded.
        if (alias.Contains('/') || alias.Contains('\\')) return new KeystoreError(KeystoreErrorCode.InvalidAlias, "an alias must not contain '/' or '\\'");
        return alias;
    }
}
