using System.Security.Cryptography;

namespace Rotation.Hosting.Storage;

/// <summary>
/// A secret (an admin token, a keystore password) taken from configuration, else read from an owner-only file, else
/// generated once into that file. The file holds the secret byte for byte, with no newline or BOM, so
/// <c>Authorization: Bearer $(cat FILE)</c> and a program reading it get the same text.
/// </summary>
public static class SecretFile
{
    /// <returns>The secret, and the file it was read from or generated into (null when configured).</returns>
    public static (string Secret, string? StoredAt) Resolve(string? configured, string path)
    {
        // Surrounding whitespace is never part of a secret: it comes from copying, quoting or an editor's newline.
        if (!string.IsNullOrWhiteSpace(configured)) return (configured.Trim(), null);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0) return (existing, path);
        }
        var generated = NewSecret();
        AtomicFile.WriteText(path, generated, ownerOnly: true);
        return (generated, path);
    }

    /// <summary>
    /// A fresh secret of 256 random bits, base64url without padding: safe in a header, a URL, a command line and a
    /// file name, so every token and one-off password the programs make comes from here.
    /// </summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
