using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>Aliases the platform keeps for its own keys: <c>sap_*</c>, <c>hcicertificate</c>, <c>hcicertificate1</c>, <c>hcimsgcertificate</c>.</summary>
internal static class ReservedAliases
{
    private static readonly string[] Exact = ["hcicertificate", "hcicertificate1", "hcimsgcertificate"];

    /// <summary>Why an entry cannot be created or renamed to <paramref name="alias"/> through the platform's API; null when it can.</summary>
    public static KeystoreError? Check(string alias) =>
        alias.StartsWith("sap_", StringComparison.OrdinalIgnoreCase) || Exact.Contains(alias, StringComparer.OrdinalIgnoreCase)
            ? new KeystoreError(KeystoreErrorCode.InvalidAlias, $"alias '{alias}' is reserved for the platform's own keys (sap_*, hcicertificate, hcicertificate1, hcimsgcertificate)")
            : null;
}
