using System.Globalization;
using System.Text;
using Rotation.Drill.Running;

namespace Rotation.Drill.Plan;

/// <summary>The renewal plan as Markdown (plan.md): for a ticket, a wiki page or a mail to the partner.</summary>
public static class PlanMarkdown
{
    public static string Render(RenewalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {plan.Title}\n\n{plan.Services}\n\n")
            .Append(plan.AnyDue ? $"**{plan.Verdict}**\n\n" : $"{plan.Verdict}\n\n");
        md.Append("| alias | subject | expires | days left | signs now | procedure | start by |\n|---|---|---|---|---|---|---|\n");
        foreach (var r in plan.Renewals)
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(r.Alias)} | {Cell(r.Subject)} | {Day(r.NotAfter)} | {r.DaysToExpiry:0.#} | {(r.SignsNow ? "yes" : "no")} | {r.Procedure.ToString().ToLowerInvariant()} | {Day(r.LatestSafeStart)}{(r.Due ? " **due**" : "")} |\n");
        if (plan.Trusted.Count > 0)
        {
            md.Append("\n## What the sender trusts\n\n| subject | fingerprint | expires | days left |\n|---|---|---|---|\n");
            foreach (var c in plan.Trusted)
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(c.Subject)} | `{c.Fingerprint}` | {Day(c.NotAfter)} | {c.DaysToExpiry:0.#} |\n");
        }
        foreach (var r in plan.Renewals)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## '{r.Alias}': {r.Procedure.ToString().ToLowerInvariant()} procedure, start by {Day(r.LatestSafeStart)}\n\n")
                .Append(CultureInfo.InvariantCulture, $"{r.Subject}, serial {r.SerialNumber}, SHA-256 `{r.Fingerprint}`, expires {r.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({r.DaysToExpiry:0.#} days).\n")
                .Append(CultureInfo.InvariantCulture, $"Why {r.Procedure.ToString().ToLowerInvariant()}: {r.Why}.\n\n");
            foreach (var step in r.Runbook)
                md.Append(CultureInfo.InvariantCulture, $"{step.Number}. **{DrillConsole.RoleName(step.Role)}**: {step.Sentence}\n");
        }
        return md.ToString();
    }

    private static string Day(DateTimeOffset moment) => RenewalPlan.Day(moment);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
