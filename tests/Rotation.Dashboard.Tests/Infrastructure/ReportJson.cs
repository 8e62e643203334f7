using System.Text.Json;

namespace Rotation.Dashboard.Tests.Infrastructure;

/// <summary>What report.json says of one procedure, in the words the page uses.</summary>
internal sealed record ReportProcedure(bool Passed, IReadOnlyList<PageStep> Steps, IReadOnlyList<PageInvariant> Invariants, int Intervals, double VerifiedOld, double VerifiedNew, double Failed, int Downtimes)
{
    public static IReadOnlyList<ReportProcedure> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("procedures").EnumerateArray().Select(p =>
        {
            var timeline = p.GetProperty("timeline").EnumerateArray().ToList();
            double Sum(string key) => timeline.Sum(i => i.GetProperty(key).GetDouble());
            return new ReportProcedure(
                p.GetProperty("passed").GetBoolean(),
                p.GetProperty("steps").EnumerateArray().Select(s => new PageStep(
                    s.GetProperty("number").GetInt32(),
                    s.GetProperty("role").GetString() == "TenantAdministrator" ? "tenant administrator" : "sender administrator",
                    s.GetProperty("sentence").GetString()!,
                    s.GetProperty("outcome").GetString()!.ToLowerInvariant())).ToList(),
                p.GetProperty("invariants").EnumerateArray().Select(i => new PageInvariant(i.GetProperty("name").GetString()!, i.GetProperty("holds").GetBoolean())).ToList(),
                timeline.Count, Sum("verifiedOld"), Sum("verifiedNew"), Sum("failed"),
                // A downtime is a run of paused seconds: each starts where the one before was not paused.
                timeline.Where((i, n) => i.GetProperty("paused").GetBoolean() && (n == 0 || !timeline[n - 1].GetProperty("paused").GetBoolean())).Count());
        }).ToList();
    }
}
