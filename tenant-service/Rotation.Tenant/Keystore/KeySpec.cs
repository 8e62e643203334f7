using System.Security.Cryptography;
using Rotation.Shared.Certificates;

namespace Rotation.Tenant.Keystore;

/// <summary>
/// The admin API's key-pair request: a family (<c>RSA</c>, <c>EC</c>) with an optional size, or one name of
/// <see cref="KeyAlgorithmText"/> (<c>EC-P384</c>). Default RSA 4096 (certificate signed with SHA-512).
/// </summary>
public static class KeySpec
{
    public static KeystoreResult<KeyAlgorithm> Parse(string? family, int? size)
    {
        var name = (family ?? "RSA").Trim().ToUpperInvariant();
        if (name is not ("RSA" or "EC" or "ECDSA"))
        {
            if (!KeyAlgorithmText.TryParse(name, out var named))
                return new KeystoreError(KeystoreErrorCode.UnsupportedKey, $"key algorithm '{family}' is not supported; use RSA or EC with a keySize, or one of {KeyAlgorithmText.Description}");
            return size is null || size == named.KeySize()
                ? named
                : new KeystoreError(KeystoreErrorCode.UnsupportedKey, $"key algorithm '{family}' has {named.KeySize()} bits, not keySize {size}");
        }
        var ec = name != "RSA";
        if (size is null) return ec ? KeyAlgorithm.EcP256 : KeyAlgorithm.Rsa4096;
        return KeyAlgorithmText.TryParse($"{(ec ? "EC" : "RSA")}-{size}", out var sized)
            ? sized
            : new KeystoreError(KeystoreErrorCode.UnsupportedKey, ec
                ? $"EC key size {size} is not supported; use 256 (P-256) or 384 (P-384)"
                : $"RSA key size {size} is not supported; use 2048, 3072 or 4096");
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
