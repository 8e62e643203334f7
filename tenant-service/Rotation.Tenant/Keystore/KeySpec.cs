using System.Security.Cryptography;
using Rotation.Shared.Certificates;

namespace Rotation.Tenant.Keystore;

/// <summary>The key pairs the keystore creates: RSA 2048/3072/4096 or EC P-256/P-384 (default RSA 4096, SHA-512 with RSA).</summary>
public static class KeySpec
{
    public static KeystoreResult<KeyAlgorithm> Parse(string? family, int? size)
    {
        var name = (family ?? "RSA").Trim().ToUpperInvariant();
        return (name, size) switch
        {
            ("RSA", null or 4096) => KeyAlgorithm.Rsa4096,
            ("RSA", 3072) => KeyAlgorithm.Rsa3072,
            ("RSA", 2048) => KeyAlgorithm.Rsa2048,
            ("EC" or "ECDSA", null or 256) => KeyAlgorithm.EcP256,
            ("EC" or "ECDSA", 384) => KeyAlgorithm.EcP384,
            ("RSA", _) => new KeystoreError(KeystoreErrorCode.UnsupportedKey, $"RSA key size {size} is not supported; use 2048, 3072 or 4096"),
            ("EC" or "ECDSA", _) => new KeystoreError(KeystoreErrorCode.UnsupportedKey, $"EC key size {size} is not supported; use 256 (P-256) or 384 (P-384)"),
            _ => new KeystoreError(KeystoreErrorCode.UnsupportedKey, $"key algorithm '{family}' is not supported; use RSA or EC"),
        };
    }

    /// <summary>The configuration's spelling: "RSA-4096", "RSA-2048", "EC-256", "EC-384" (also "RSA:2048", "EC").</summary>
    public static KeystoreResult<KeyAlgorithm> ParseText(string text)
    {
        var parts = text.Split('-', ':');
        int? size = parts.Length > 1 && int.TryParse(parts[1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
        return Parse(parts[0], size);
    }

    public static KeystoreResult<HashAlgorithmName?> ParseHash(string? name) => name?.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal) switch
    {
        null or "" => (HashAlgorithmName?)null,
        "SHA256" => (HashAlgorithmName?)HashAlgorithmName.SHA256,
        "SHA384" => (HashAlgorithmName?)HashAlgorithmName.SHA384,
        "SHA512" => (HashAlgorithmName?)HashAlgorithmName.SHA512,
        _ => new KeystoreError(KeystoreErrorCode.InvalidRequest, $"certificate signature hash '{name}' is not supported; use SHA-256, SHA-384 or SHA-512"),
    };
}
