using System.Globalization;
using System.Net;
using System.Text;
using Rotation.Drill.Running;

namespace Rotation.Drill.Plan;

/// <summary>The renewal plan as a self-contained page (plan.html), the same content as <see cref="PlanMarkdown"/>.</summary>
public static class PlanHtml
{
    public static string Render(RenewalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>{E(plan.Title)}</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#202124;max-width:1100px}table{border-collapse:collapse;margin:.6rem 0 1.4rem;width:100%}")
            .Append("td,th{border:1px solid #dadce0;padding:.3rem .5rem;text-align:left;font-size:.9rem;overflow-wrap:anywhere}th{background:#f1f3f4}.due{color:#b3261e;font-weight:600}.ok{color:#1b7a3d}")
            .Append("</style></head><body>\n")
            .Append(CultureInfo.InvariantCulture, $"<h1>{E(plan.Title)}</h1><p>{E(plan.Services)}</p><p class=\"{(plan.AnyDue ? "due" : "ok")}\">{E(plan.Verdict)}</p>");
        html.Append("<table class=\"certificates\"><tr><th>alias</th><th>subject</th><th>expires</th><th>days left</th><th>signs now</th><th>procedure</th><th>start by</th></tr>");
        foreach (var r in plan.Renewals)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Alias)}</td><td>{E(r.Subject)}</td><td>{Day(r.NotAfter)}</td><td>{r.DaysToExpiry:0.#}</td><td>{(r.SignsNow ? "yes" : "no")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{r.Procedure.ToString().ToLowerInvariant()}</td><td class=\"{(r.Due ? "due" : "ok")}\">{Day(r.LatestSafeStart)}{(r.Due ? " (due)" : "")}</td></tr>");
        html.Append("</table>");
        if (plan.Trusted.Count > 0)
        {
            html.Append("<h2>What the sender trusts</h2><table class=\"trusted\"><tr><th>subject</th><th>fingerprint</th><th>expires</th><th>days left</th></tr>");
            foreach (var c in plan.Trusted)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Subject)}</td><td><code>{E(c.Fingerprint)}</code></td><td>{Day(c.NotAfter)}</td><td>{c.DaysToExpiry:0.#}</td></tr>");
            html.Append("</table>");
        }
        foreach (var r in plan.Renewals)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section><h2>'{E(r.Alias)}': {r.Procedure.ToString().ToLowerInvariant()} procedure, start by {Day(r.LatestSafeStart)}</h2>")
                .Append(CultureInfo.InvariantCulture, $"<p>{E(r.Subject)}, serial {E(r.SerialNumber)}, SHA-256 <code>{E(r.Fingerprint)}</code>, expires {r.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({r.DaysToExpiry:0.#} days). ")
                .Append(CultureInfo.InvariantCulture, $"Why {r.Procedure.ToString().ToLowerInvariant()}: {E(r.Why)}.</p><ol class=\"runbook\">");
            foreach (var step in r.Runbook)
                html.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(DrillConsole.RoleName(step.Role))}</strong>: {E(step.Sentence)}</li>");
            html.Append("</ol></section>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static string Day(DateTimeOffset moment) => RenewalPlan.Day(moment);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
