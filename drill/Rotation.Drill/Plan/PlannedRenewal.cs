using Rotation.Drill.Procedures;

namespace Rotation.Drill.Plan;

/// <summary>
/// One signing certificate of the tenant and its renewal: days to expiry, the procedure proposed and why, the latest
/// day to start given the lead time, and the runbook.
/// </summary>
public sealed record PlannedRenewal(string Alias, string Subject, string Issuer, string SerialNumber, string Fingerprint, DateTimeOffset NotAfter,
    double DaysToExpiry, bool SignsNow, ProcedureMode Procedure, string Why, DateTimeOffset LatestSafeStart, bool Due, IReadOnlyList<RunbookStep> Runbook)
{
    public bool Expired => DaysToExpiry <= 0;
}
