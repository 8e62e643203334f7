using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>Which of the platform's keystores a <c>keystoreName</c> or <c>Keystores('…')</c> names on this tenant.</summary>
internal enum KeystoreKind
{
    /// <summary><c>system</c>: the tenant keystore.</summary>
    System,
    /// <summary>A keystore of SAP-owned keys (<c>KeyRenewal</c>): this tenant has none, so it is empty.</summary>
    Empty,
    /// <summary><c>KeyHistory</c>: the key history.</summary>
    History,
    /// <summary><c>backup_admin_system</c>: the backup keystore (docs/DESIGN.md §9).</summary>
    Backup,
    Unknown,
}

internal static class KeystoreNames
{
    public static KeystoreKind Resolve(string? name) => name switch
    {
        null or "" or CpiVocabulary.SystemKeystore => KeystoreKind.System,
        CpiVocabulary.HistoryKeystore => KeystoreKind.History,
        CpiVocabulary.BackupKeystore => KeystoreKind.Backup,
        _ when CpiVocabulary.EmptyKeystores.Contains(name, StringComparer.Ordinal) => KeystoreKind.Empty,
        _ => KeystoreKind.Unknown,
    };

    /// <summary>The entries of a keystore that holds entries by alias (system, the backup, the empty ones); null for any other.</summary>
    public static IReadOnlyCollection<KeystoreEntry>? Entries(KeystoreKind kind, KeystoreSnapshot keystore) => kind switch
    {
        KeystoreKind.System => keystore.Entries.Values.ToList(),
        KeystoreKind.Backup => keystore.Backup.Entries.Values.ToList(),
        KeystoreKind.Empty => [],
        _ => null,
    };

    /// <summary>A keystore this call does not offer; <paramref name="offered"/> names those it does.</summary>
    public static IResult Unknown(string? name, string offered) => OData.Error(StatusCodes.Status404NotFound, "UnknownKeystore",
        $"keystore '{name}' is not offered here; use {offered}");
}
