using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>What the drill asks of the tenant's inbound verification (docs/DESIGN.md §10).</summary>
public static class InboundVerificationViewFacts
{
    /// <summary>Every request must carry a signature by a certificate under one of the public key aliases.</summary>
    public static bool IsRequired(this InboundVerificationView view) => view.Mode == InboundVerificationMode.Required;
}
