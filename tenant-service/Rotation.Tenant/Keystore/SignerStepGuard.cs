namespace Rotation.Tenant.Keystore;

/// <summary>
/// Whether a rename or delete may take away the alias (or pinned key pair) the signer step signs with. The tenant's
/// admin API refuses (409 AliasInUse); the platform's API does not, so its two-rename exchange leaves the flow
/// without a key between the two calls, as on the platform (docs/DESIGN.md §9).
/// </summary>
public enum SignerStepGuard
{
    Refuse,
    Allow,
}
