namespace Rotation.Tenant.CpiApi;

/// <summary>
/// Values of the platform's entities that SAP's text does not spell out (unconfirmed, see tenant-service/README.md,
/// "The platform's keystore API"): kept in one place so they can be corrected against a real tenant.
/// </summary>
internal static class CpiVocabulary
{
    public const string TypeKeyPair = "Key Pair";
    public const string TypeCertificate = "Certificate";
    public const string OwnerTenant = "Tenant";
    public const string StatusActive = "Active";
    public const string ValidityValid = "Valid";
    public const string ValidityExpired = "Expired";
    public const string ValidityNotYetValid = "Not Yet Valid";

    /// <summary>Keystore names: the tenant keystore and the platform's others, which hold nothing on this tenant.</summary>
    public const string SystemKeystore = "system";
    public static readonly string[] EmptyKeystores = ["KeyRenewal"];
    public const string HistoryKeystore = "KeyHistory";
    public const string BackupKeystore = "backup_admin_system";

    public const string EntityNamespace = "com.sap.hci.api";
}
