using System.Globalization;
using System.Net;
using System.Text;
using Rotation.Drill.Running;

namespace Rotation.Drill.Report;

/// <summary>A self-contained HTML page: a summary, an SVG timeline per procedure, the steps and the invariants.</summary>
public static class HtmlReport
{
    private const string OldColour = "#3b6fb6", NewColour = "#2e9e5b", OtherColour = "#9aa0a6", FailedColour = "#d93025", PausedColour = "#f1e4b3";

    public static string Render(DrillReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>Rotation drill report</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#202124;max-width:1100px}h1{margin-bottom:.2rem}")
            .Append("table{border-collapse:collapse;margin:.6rem 0 1.4rem;width:100%}td,th{border:1px solid #dadce0;padding:.3rem .5rem;text-align:left;font-size:.9rem;vertical-align:top}")
            .Append("th{background:#f1f3f4}.ok{color:#188038;font-weight:600}.bad{color:#d93025;font-weight:600}.muted{color:#5f6368}")
            .Append(".legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:middle}")
            .Append("section{border-top:2px solid #dadce0;margin-top:1.5rem;padding-top:.5rem}code{font-size:.85rem}")
            .Append("</style></head><body>\n");
        html.Append("<h1>Rotation drill report</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Generated {E(report.GeneratedAt.ToString("u"))} · tenant {E(report.Tenant)} · sender {E(report.Sender)} · ")
            .Append(CultureInfo.InvariantCulture, $"{report.Settings.Rate:0.#} requests/s, concurrency {report.Settings.Concurrency}</p>")
            .Append(report.Passed ? "<p class=\"ok\">Every invariant held.</p>" : "<p class=\"bad\">At least one invariant broke (see below).</p>");

        html.Append("<table><tr><th>procedure</th><th>scenario</th><th>requests</th><th>verified old</th><th>verified new</th><th>failed</th><th>downtime</th><th>result</th></tr>");
        foreach (var p in report.Procedures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Mode)}</td><td>{E(p.Scenario)}</td><td>{p.Requests}</td><td>{p.VerifiedOld}</td><td>{p.VerifiedNew}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"{(p.Failed == 0 ? "ok" : "bad")}\">{p.Failed}</td><td>{p.DowntimeSeconds:0.00} s</td>")
                .Append(p.Passed ? "<td class=\"ok\">passed</td></tr>" : "<td class=\"bad\">invariant broken</td></tr>");
        }
        html.Append("</table>\n");

        foreach (var p in report.Procedures) Procedure(html, p);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Procedure(StringBuilder html, ProcedureReport p)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>{E(Capitalise(p.Mode))} procedure{(p.Scenario == "correct" ? "" : " — rehearsed mistake: " + E(p.Scenario))}</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p>{E(p.Lesson)}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Alias <code>{E(p.Alias)}</code>: old key <code>{E(Short(p.OldFingerprint))}</code>, new key <code>{E(Short(p.NewFingerprint))}</code>. ")
            .Append(CultureInfo.InvariantCulture, $"Last response signed with the old key {At(p.LastSignedWithOldAt, p.StartedAt)}; first with the new key {At(p.FirstSignedWithNewAt, p.StartedAt)}; exchange {At(p.ExchangedAt, p.StartedAt)}.</p>");
        html.Append(Timeline(p));
        html.Append("<div class=\"legend\">")
            .Append(CultureInfo.InvariantCulture, $"<span><i style=\"background:{OldColour}\"></i>verified by the old key</span><span><i style=\"background:{NewColour}\"></i>verified by the new key</span>")
            .Append(CultureInfo.InvariantCulture, $"<span><i style=\"background:{FailedColour}\"></i>rejected or failed</span><span><i style=\"background:{PausedColour}\"></i>paused (downtime)</span><span><i style=\"background:{OtherColour}\"></i>verified by another key</span></div>");

        html.Append("<h3>Steps</h3><table><tr><th>#</th><th>at</th><th>role</th><th>step</th><th>result</th><th>detail</th></tr>");
        foreach (var s in p.Steps)
        {
            var css = s.Outcome == StepOutcome.Done ? "ok" : s.Outcome == StepOutcome.Skipped ? "muted" : "bad";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{s.Number}</td><td>{(s.StartedAt - p.StartedAt).TotalSeconds:0.0} s</td><td>{E(DrillConsole.RoleName(s.Role))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(s.Sentence)}</td><td class=\"{css}\">{s.Outcome}</td><td>{E(s.Detail)}</td></tr>");
        }
        html.Append("</table><h3>Invariants</h3><table><tr><th>invariant</th><th>held</th><th>detail</th></tr>");
        foreach (var i in p.Invariants)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(i.Name)}</td><td class=\"{(i.Holds ? "ok" : "bad")}\">{(i.Holds ? "yes" : "no")}</td><td>{E(i.Detail)}</td></tr>");
        html.Append("</table></section>\n");
    }

    /// <summary>A stacked bar per second of traffic, a band where the sender was paused, and a numbered line at each step.</summary>
    private static string Timeline(ProcedureReport p)
    {
        const int width = 1000, height = 260, left = 50, right = 10, top = 20, bottom = 40;
        var duration = Math.Max(1, (p.FinishedAt - p.StartedAt).TotalSeconds);
        var peak = Math.Max(1, p.Timeline.Select(t => t.VerifiedOld + t.VerifiedNew + t.VerifiedOther + t.Failed).DefaultIfEmpty(0).Max());
        double X(double seconds) => left + seconds / duration * (width - left - right);
        double Y(double count) => top + (height - top - bottom) * (1 - count / peak);
        var barWidth = Math.Max(1, (width - left - right) / duration - 1);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"responses per second\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        foreach (var t in p.Timeline.Where(t => t.Paused))
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"paused\" x=\"{X(t.Offset):0.#}\" y=\"{top}\" width=\"{barWidth + 1:0.#}\" height=\"{height - top - bottom}\" fill=\"{PausedColour}\"/>");
        foreach (var t in p.Timeline)
        {
            var y = (double)0;
            foreach (var (count, colour, css) in new[] { (t.VerifiedOld, OldColour, "old"), (t.VerifiedNew, NewColour, "new"), (t.VerifiedOther, OtherColour, "other"), (t.Failed, FailedColour, "failed") })
            {
                if (count <= 0) continue;
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{X(t.Offset):0.#}\" y=\"{Y(y + count):0.#}\" width=\"{barWidth:0.#}\" height=\"{Y(y) - Y(y + count):0.#}\" fill=\"{colour}\"><title>{t.Offset:0} s: {count} {css}</title></rect>");
                y += count;
            }
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#5f6368\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"#5f6368\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + 4}\" text-anchor=\"end\" font-size=\"11\">{peak}/s</text><text x=\"{left - 6}\" y=\"{height - bottom}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        var tick = duration > 60 ? 10 : 5;
        for (var s = 0; s <= duration; s += tick)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(s):0.#}\" y=\"{height - bottom + 14}\" text-anchor=\"middle\" font-size=\"11\">{s}s</text>");
        foreach (var step in p.Steps.Where(s => s.Outcome != StepOutcome.Skipped))
        {
            var x = X((step.StartedAt - p.StartedAt).TotalSeconds);
            var colour = step.Outcome == StepOutcome.Done ? "#202124" : FailedColour;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"step\" x1=\"{x:0.#}\" y1=\"{top - 8}\" x2=\"{x:0.#}\" y2=\"{height - bottom}\" stroke=\"{colour}\" stroke-dasharray=\"3,3\"><title>{E(step.Sentence)}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 2:0.#}\" y=\"{top - 10 + (step.Number % 2) * 10}\" font-size=\"11\" fill=\"{colour}\">{step.Number}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + width) / 2}\" y=\"{height - 8}\" text-anchor=\"middle\" font-size=\"12\">seconds since traffic started (dashed lines: steps)</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string At(DateTimeOffset? moment, DateTimeOffset start) =>
        moment is { } m ? $"at {(m - start).TotalSeconds:0.0} s" : "never";

    private static string Short(string? fingerprint) => fingerprint is null ? "none" : fingerprint[..Math.Min(16, fingerprint.Length)] + "…";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
