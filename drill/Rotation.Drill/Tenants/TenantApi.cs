namespace Rotation.Drill.Tenants;

/// <summary>Which face of the tenant the drill drives (--tenant-api).</summary>
public enum TenantApi
{
    /// <summary>The tenant-service's own admin API, with its admin token.</summary>
    Admin,
    /// <summary>The platform's Security Content API under /api/v1, as SAP Cloud Integration offers it.</summary>
    Cpi,
}
