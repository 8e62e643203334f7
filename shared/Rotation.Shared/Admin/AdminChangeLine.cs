namespace Rotation.Shared.Admin;

/// <summary>
/// The one console line each service writes per admin change (never per read), so an administrator watching the
/// tenant's or the sender's window sees every exchange, trust change or signer change as it happens, and who made it.
/// </summary>
public static class AdminChangeLine
{
    public static bool IsChange(string method) =>
        !(string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase)
          || string.Equals(method, "OPTIONS", StringComparison.OrdinalIgnoreCase));

    public static string Describe(string who, string method, string path, int status) => $"admin change by {who}: {method} {path} → {status}";
}
