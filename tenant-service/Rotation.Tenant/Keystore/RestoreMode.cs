namespace Rotation.Tenant.Keystore;

/// <summary>How a restore from the backup keystore meets the entries in the tenant keystore (the platform's importOption).</summary>
public enum RestoreMode
{
    /// <summary>The backed-up entries are put back; an entry under the same alias is replaced, every other entry stays.</summary>
    Overwrite,
    /// <summary>The tenant keystore's entries are removed and the backed-up ones put in their place.</summary>
    Replace,
}
