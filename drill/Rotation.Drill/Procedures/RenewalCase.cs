namespace Rotation.Drill.Procedures;

/// <summary>
/// Which WS-Security renewal case of the platform a procedure rehearses (--case): whose key is renewed decides its
/// shape (docs/DESIGN.md §10).
/// </summary>
public enum RenewalCase
{
    /// <summary>The tenant signs the response to the sender's request: the tenant's key pair is renewed, exchanged keeping its alias.</summary>
    SignResponse,
    /// <summary>
    /// The tenant verifies the sender's signed request: the sender's key pair is renewed; the tenant adds its new
    /// certificate under a new alias beside the old one, and removes the old one only after the delivery window.
    /// </summary>
    VerifyRequest,
}

public static class RenewalCaseNames
{
    public static string Name(RenewalCase renewalCase) => renewalCase == RenewalCase.VerifyRequest ? "verify-request" : "sign-response";

    public static RenewalCase? Parse(string text) =>
        Enum.GetValues<RenewalCase>().Cast<RenewalCase?>().FirstOrDefault(c => Name(c!.Value) == text.Trim().ToLowerInvariant());
}
