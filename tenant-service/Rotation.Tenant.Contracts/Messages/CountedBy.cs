namespace Rotation.Tenant.Contracts;

/// <summary>Which fingerprint the counts group by.</summary>
public enum CountedBy
{
    /// <summary>The key that signed the response.</summary>
    Signing,
    /// <summary>The certificate that verified the request.</summary>
    Verifying,
}
