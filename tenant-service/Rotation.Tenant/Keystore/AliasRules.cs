using Rotation.Shared.Certificates;

namespace Rotation.Tenant.Keystore;

/// <summary>The shared alias rule (<see cref="KeyAlias"/>) as the tenant keystore's refusal.</summary>
internal static class AliasRules
{
    public static KeystoreError? Check(string? alias) => KeyAlias.IsValid(alias)
        ? null
        : new KeystoreError(KeystoreErrorCode.InvalidAlias, KeyAlias.Refusal(alias));
}
