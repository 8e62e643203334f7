using System.Security.Cryptography;
using Rotation.Hosting.Storage;

namespace Rotation.Tenant.Persistence;

/// <summary>A secret taken from configuration, else read from (or generated into) an owner-only file.</summary>
internal static class SecretFile
{
    public static (string Secret, string? StoredAt) Resolve(string? configured, string path)
    {
        if (!string.IsNullOrEmpty(configured)) return (configured, null);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0) return (existing, path);
        }
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        AtomicFile.WriteText(path, generated + "\n", ownerOnly: true);
        return (generated, path);
    }
}
