using System.Globalization;
using System.Net;
using System.Text;
using Rotation.Drill.Running;

namespace Rotation.Drill.Report;

/// <summary>
/// A self-contained page (well-formed XML, so tools can read it too): every setting of the run, per procedure its
/// verdict, certificates, timeline and latency charts, steps, failures in the verifier's words, sample responses
/// and invariants. Every time is an offset on the drill's one clock with its wall-clock UTC time.
/// </summary>
public static class HtmlReport
{
    public static string Render(DrillReport report)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>{E(report.Title)}</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#202124;max-width:1100px}h1{font-size:1.4rem;margin-bottom:.2rem}")
            .Append("table{border-collapse:collapse;margin:.6rem 0 1.4rem;width:100%}td,th{overflow-wrap:anywhere;border:1px solid #dadce0;padding:.3rem .5rem;text-align:left;font-size:.9rem;vertical-align:top}")
            .Append("th{background:#f1f3f4}.ok{color:#1b7a3d;font-weight:600}.bad{color:#b3261e;font-weight:600}.muted{color:#5f6368}")
            .Append(".legend span{display:inline-block;margin-right:1rem;font-size:.9rem}.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:middle}")
            .Append("section{border-top:2px solid #dadce0;margin-top:1.5rem;padding-top:.5rem}code,pre{font-size:.8rem;word-break:break-all;white-space:pre-wrap}")
            .Append("</style></head><body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(report.Title)}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Drill started {E(Utc(report.Origin))} — every time below is seconds from then, with its UTC time. Generated {E(DrillClock.Describe(report.GeneratedAt, report.Origin))}.</p>");
        if (report.Interrupted) html.Append("<p class=\"bad\">INTERRUPTED (Ctrl+C): this report is partial; it shows what the drill saw until then.</p>");
        html.Append(report.ExitCode == ExitCodes.Succeeded
            ? $"<p class=\"ok\">Exit {ExitCodes.Succeeded}: {(report.Procedures.Any(p => p.Verdict == ProcedureVerdict.Demonstrated) ? "demonstrated — the rehearsed mistake broke the renewal exactly as predicted" : "every invariant held")}.</p>"
            : $"<p class=\"bad\">Exit {report.ExitCode}: {E(string.Join("; ", report.Procedures.Where(p => !ProcedureVerdicts.Succeeded(p.Verdict)).Select(p => $"{p.Mode}: {p.VerdictDetail}")))}</p>");

        Settings(html, report);
        html.Append("<h2>Procedures</h2><table><tr><th>procedure</th><th>scenario</th><th>requests</th><th>verified old</th><th>verified new</th><th>failed</th><th>downtime</th><th>verdict</th></tr>");
        foreach (var p in report.Procedures)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Mode)}</td><td>{E(p.Scenario)}</td><td>{p.Requests}</td><td>{p.VerifiedOld}</td><td>{p.VerifiedNew}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"{(p.Failed == 0 ? "ok" : "bad")}\">{p.Failed}</td><td>{p.DowntimeSeconds:0.00} s</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"{(ProcedureVerdicts.Succeeded(p.Verdict) ? "ok" : "bad")}\">{E(p.VerdictDetail)}</td></tr>");
        html.Append("</table>\n");
        if (report.Restored.Count > 0)
            html.Append("<p>Restored when the drill ended: ").Append(E(string.Join("; ", report.Restored))).Append(".</p>");

        TenantChecks(html, report);
        foreach (var p in report.Procedures) Procedure(html, report, p);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Settings(StringBuilder html, DrillReport report)
    {
        var s = report.Settings;
        var rows = new List<(string, string)>
        {
            ("rate", $"{s.Rate:0.##} requests/s"), ("concurrency", $"{s.Concurrency}"), ("phase", $"{s.Phase.TotalSeconds:0.##} s"),
            ("downtime budget (single)", $"{s.MaxDowntime.TotalSeconds:0.##} s"), ("drain timeout", $"{s.DrainTimeout.TotalSeconds:0.##} s"),
            ("probe", $"{s.ProbeCount} requests"), ("dynamic alias header", s.AliasHeader), ("new key size", s.KeySize?.ToString(CultureInfo.InvariantCulture) ?? "the old key's"),
            ("new subject", s.NewSubject == Procedures.NewSubject.Same ? "the old subject (same-subject renewal)" : "the old subject with OU=Renewal"),
            ("certificates", s.Ca == Procedures.CertificateIssuer.TestCa ? "issued by a test CA the sender trusts (revocation not checked)" : "self-signed, pinned by the sender"),
            ("tenant", report.Tenant), ("sender", report.Sender),
            ("versions", $"drill {report.Versions.Drill}; tenant {report.Versions.Tenant}; sender {report.Versions.Sender}"),
        };
        // What the tenant's face does not tell is said so, never shown as empty or 0 (docs/DESIGN.md §9: /api/v1 shows no signer step).
        var untold = report.TenantApi == "cpi" ? "not shown by /api/v1" : "not reported";
        string Told(string? value) => string.IsNullOrEmpty(value) ? untold : value;
        foreach (var p in report.Procedures)
        {
            var g = p.Signing;
            var lifetime = g.TimestampTimeToLiveSeconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s") : untold;
            // In the sender's renewal the tenant's key stays: no "→ new" key, and no sample response was captured to read URIs from.
            var tenantRenewed = p.Inbound is null;
            var key = tenantRenewed ? $"{g.KeyAlgorithm} {g.KeySize} → new {g.KeyAlgorithm} {g.NewKeySize}" : $"{g.KeyAlgorithm} {g.KeySize} (kept)";
            rows.Add(($"{p.Mode}: signing", $"alias '{g.Alias}', {key}, signature {Told(g.SignatureAlgorithm)}, key reference {Told(g.KeyReference)}, timestamp lifetime {lifetime}"));
            const string notCaptured = "not captured (no sample response in this procedure)";
            rows.Add(($"{p.Mode}: on the wire", $"SignatureMethod {g.SignatureMethodUri ?? notCaptured}; DigestMethod {g.DigestMethodUri ?? notCaptured}"));
        }
        html.Append("<h2>Settings</h2><table>");
        foreach (var (name, value) in rows) html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");
        html.Append("</table>\n");
    }

    /// <summary>Which checks the tenant's face allowed (docs/DESIGN.md §9): through /api/v1 some are replaced, and the reader must see which.</summary>
    private static void TenantChecks(StringBuilder html, DrillReport report)
    {
        if (report.TenantChecks.Count == 0) return;
        html.Append(CultureInfo.InvariantCulture, $"<h2>Checks through the tenant's {(report.TenantApi == "cpi" ? "/api/v1" : "admin API")}</h2><table><tr><th>check</th><th>possible</th><th>how, or what replaced it</th></tr>");
        foreach (var c in report.TenantChecks)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Check)}</td><td class=\"{(c.Possible ? "ok" : "bad")}\">{(c.Possible ? "yes" : "no")}</td><td>{E(c.How)}</td></tr>");
        html.Append("</table>\n");
    }

    /// <summary>Verify-request (docs/DESIGN.md §10): the sender's certificates in the tenant's message log, and the requests it refused.</summary>
    private static void InboundSection(StringBuilder html, InboundReport inbound, Func<DateTimeOffset?, string> at)
    {
        html.Append("<h3>The sender's key, as the tenant verified it</h3><p class=\"muted\">From the tenant's message log, by the fingerprint of the certificate that verified each request. ")
            .Append("The tenant's own signing key is not renewed in this case: the timeline below counts responses.</p><table class=\"inbound\">")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>old certificate ('{E(inbound.OldTenantAlias)}')</th><td>{inbound.Old.Verified} requests, first {E(at(inbound.Old.FirstAt))}, <b>last {E(at(inbound.Old.LastAt))}</b></td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>new certificate ('{E(inbound.NewTenantAlias ?? "not imported")}')</th><td>{inbound.New?.Verified ?? 0} requests, <b>first {E(at(inbound.New?.FirstAt))}</b>, last {E(at(inbound.New?.LastAt))}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>sender switched ('{E(inbound.SenderAlias)}' kept)</th><td>{E(at(inbound.SwitchedAt))}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>old certificate removed</th><td>{E(at(inbound.RemovedAt))} (delivery window {inbound.DeliveryWindowSeconds:0.###} s)</td></tr></table>");
        if (inbound.Refused.Count == 0)
        {
            html.Append("<p class=\"ok\">The tenant refused no request.</p>");
            return;
        }
        html.Append("<table class=\"refused\"><tr><th>refused by the tenant: reason code</th><th>count</th><th>first</th><th>last</th></tr>");
        foreach (var r in inbound.Refused)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"bad\">{E(r.Reason)}</td><td>{r.Count}</td><td>{E(at(r.FirstAt))}</td><td>{E(at(r.LastAt))}</td></tr>");
        html.Append("</table>");
    }

    private static void Procedure(StringBuilder html, DrillReport report, ProcedureReport p)
    {
        string At(DateTimeOffset? moment) => moment is { } m ? DrillClock.Describe(m, report.Origin) : "never";
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>{E(Capitalise(p.Mode))} procedure{(p.Scenario == "correct" ? "" : " — rehearsed mistake: " + E(p.Scenario))}{(p.Interrupted ? " (interrupted)" : "")}</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p>{E(p.Lesson)}</p><p class=\"{(ProcedureVerdicts.Succeeded(p.Verdict) ? "ok" : "bad")}\">{E(p.VerdictDetail)}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Traffic from {E(At(p.StartedAt))} to {E(At(p.FinishedAt))}. Last response signed with the old key {E(At(p.LastSignedWithOldAt))}; ")
            .Append(CultureInfo.InvariantCulture, $"exchange {E(At(p.ExchangedAt))}; first response signed with the new key {E(At(p.FirstSignedWithNewAt))}.</p>");

        if (p.SenderProfile is { } profile) SenderProfile(html, profile);
        if (p.Inbound is { } inbound) InboundSection(html, inbound, m => At(m));
        if (p.Expiry is { } expiry)
            html.Append(CultureInfo.InvariantCulture, $"<h3>Expiry</h3><table class=\"expiry\"><tr><th>signing certificate expired</th><td>{E(At(expiry.NotAfter))}</td></tr>")
                .Append(CultureInfo.InvariantCulture, $"<tr><th>rejections began</th><td class=\"bad\">{E(At(expiry.FirstRejectedAt))}{(expiry.SecondsToFirstRejection is { } delay ? $" ({delay:0.###} s after the expiry)" : "")}</td></tr>")
                .Append(CultureInfo.InvariantCulture, $"<tr><th>rejected as {ExpiryReport.Reason}</th><td>{expiry.Rejected}, the last {E(At(expiry.LastRejectedAt))}</td></tr>")
                .Append(CultureInfo.InvariantCulture, $"<tr><th>the verifier's words</th><td>{E(expiry.Message ?? "none")}</td></tr></table>");

        html.Append("<h3>Certificates</h3><table><tr><th>key</th><th>subject</th><th>issuer</th><th>serial</th><th>valid</th><th>SHA-256 fingerprint</th><th>PEM</th></tr>");
        foreach (var c in p.Certificates)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Role)} ({E(c.KeyAlgorithm)} {c.KeySize})</td><td>{E(c.Subject)}</td><td>{E(c.Issuer)}</td><td><code>{E(c.SerialNumber)}</code></td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(Utc(c.NotBefore))} – {E(Utc(c.NotAfter))}</td><td><code>{E(c.Fingerprint)}</code></td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(c.File is { } file ? $"<a href=\"{E(file)}\" download=\"{E(file)}\">{E(file)}</a>" : "")}<details><summary>{(c.Role is "new" or "sender-new" ? "handed over" : "show")}</summary><pre>{E(c.Pem)}</pre></details></td></tr>");
        html.Append("</table>");

        html.Append("<h3>Responses per second</h3>").Append(TimelineChart.Render(p, report.Settings.Rate)).Append(Legend(p));
        if (LatencyChart.Render(p) is { } latency)
            html.Append("<h3>Latency per second (ms)</h3>").Append(latency)
                .Append(CultureInfo.InvariantCulture, $"<div class=\"legend\"><span><i style=\"background:{ChartPalette.P50}\"></i>p50</span><span><i style=\"background:{ChartPalette.P95}\"></i>p95</span><span><i style=\"background:{ChartPalette.P99}\"></i>p99</span></div>");

        html.Append("<h3>Steps</h3><table><tr><th>#</th><th>at</th><th>took</th><th>role</th><th>step</th><th>result</th><th>detail</th></tr>");
        foreach (var s in p.Steps)
        {
            var css = s.Outcome == StepOutcome.Done ? "ok" : s.Outcome == StepOutcome.Skipped ? "muted" : "bad";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{s.Number}</td><td>{E(At(s.StartedAt))}</td><td>{s.Seconds:0.00} s</td><td>{E(DrillConsole.RoleName(s.Role))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(s.Sentence)}</td><td class=\"{css}\">{s.Outcome}</td><td>{E(s.Detail)}</td></tr>");
        }
        html.Append("</table>");

        if (p.RenameWindow is { } window)
            html.Append(CultureInfo.InvariantCulture, $"<h3>Rename window</h3><p class=\"{(window.FailedRequests == 0 ? "ok" : "bad")}\">The alias did not exist for {window.Milliseconds:0.#} ms ")
                .Append(CultureInfo.InvariantCulture, $"({E(At(window.StartedAt))} to {E(At(window.EndedAt))}): {window.FailedRequests} requests failed in it. The old key pair is now '{E(window.RetiredAlias)}'.</p>");
        html.Append("<h3>Failures</h3>");
        if (p.Errors.Count == 0) html.Append("<p class=\"ok\">None: every response verified.</p>");
        else
        {
            html.Append("<table class=\"errors\"><tr><th>kind</th><th>reason</th><th>message (first occurrence)</th><th>count</th><th>first</th><th>last</th></tr>");
            foreach (var e in p.Errors)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(e.Kind.ToString())}</td><td>{E(e.Code)}</td><td>{E(e.Message)}</td><td>{e.Count}</td><td>{E(At(e.FirstAt))}</td><td>{E(At(e.LastAt))}</td></tr>");
            html.Append("</table>");
        }
        if (p.RejectedByNode.Count > 0)
        {
            html.Append("<p>Rejected responses by the tenant node that signed them (its <code>X-Rotation-Node</code> header):</p><table class=\"rejected-by-node\"><tr><th>node</th><th>reason</th><th>count</th><th>first</th><th>last</th></tr>");
            foreach (var n in p.RejectedByNode)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(n.Node)}</td><td>{E(n.Reason)}</td><td>{n.Count}</td><td>{E(At(n.FirstAt))}</td><td>{E(At(n.LastAt))}</td></tr>");
            html.Append("</table>");
        }
        Propagation(html, p, m => At(m));

        html.Append("<h3>Sample signed responses</h3><p class=\"muted\">Saved beside this report; check one again with <code>dotnet run --project sender-client/Rotation.Sender -- verify FILE --trust CERTIFICATE.pem</code> or any WS-Security stack.</p>")
            .Append("<table class=\"samples\"><tr><th>sample</th><th>captured</th><th>sender's verdict</th><th>file</th></tr>");
        foreach (var s in p.Samples)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Description)}</td><td>{E(At(s.CapturedAt))}</td><td class=\"{(s.Verified ? "ok" : "bad")}\">{E(s.Verified ? $"verified by {s.Fingerprint}" : $"{s.Reason}: {s.Message}")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(s.File is { } file ? $"<a href=\"{E(file)}\">{E(file)}</a>" : "")}</td></tr>");
        html.Append("</table>");

        html.Append("<h3>Invariants</h3><table><tr><th>invariant</th><th>held</th><th>detail</th></tr>");
        foreach (var i in p.Invariants)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(i.Name)}</td><td class=\"{(i.Holds ? "ok" : "bad")}\">{(i.Holds ? "yes" : "no")}</td><td>{E(i.Detail)}</td></tr>");
        html.Append("</table></section>\n");
    }

    private static void SenderProfile(StringBuilder html, ProfileReport profile)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h3>Sender profile</h3><table class=\"profile\"><tr><th>profile</th><td><code>{E(profile.Profile)}</code>: {E(profile.Behaviour)}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>what it changed</th><td>{E(profile.Effect)}</td></tr>");
        if (profile.Waits.Count > 0)
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>waits it added ({profile.WaitedSeconds:0.###} s)</th><td>{E(string.Join("; ", profile.Waits))}</td></tr>");
        if (profile.Finding is { } finding) html.Append(CultureInfo.InvariantCulture, $"<tr><th>finding</th><td class=\"bad\">{E(finding)}</td></tr>");
        html.Append("</table>");
    }

    /// <summary>Only the series this procedure's chart actually shows.</summary>
    private static string Legend(ProcedureReport p)
    {
        var entries = new List<(string Colour, string Text, string Extra)>();
        if (p.Timeline.Any(t => t.VerifiedOld > 0)) entries.Add((ChartPalette.Old, "verified by the old key", ""));
        if (p.Timeline.Any(t => t.VerifiedNew > 0)) entries.Add((ChartPalette.New, "verified by the new key", ""));
        if (p.Timeline.Any(t => t.VerifiedOther > 0)) entries.Add((ChartPalette.Other, "verified by another key", ""));
        if (p.Timeline.Any(t => t.Failed > 0)) entries.Add((ChartPalette.Failed, "rejected or failed", ""));
        if (p.PausedAt is not null) entries.Add((ChartPalette.Paused, "paused (downtime)", ""));
        entries.Add(("transparent", "target rate", $"border-top:2px dashed {ChartPalette.Target};height:0"));
        entries.Add(("transparent", "step (numbered in the lane below the axis)", $"border-left:2px dashed {ChartPalette.Step};width:0"));
        var legend = new StringBuilder("<div class=\"legend\">");
        foreach (var (colour, text, extra) in entries)
            legend.Append(CultureInfo.InvariantCulture, $"<span class=\"legend-entry\"><i style=\"background:{colour};{extra}\"></i>{E(text)}</span>");
        return legend.Append("</div>").ToString();
    }

    /// <summary>Per node, how long the exchange took to be deployed there (docs/DESIGN.md §8).</summary>
    private static void Propagation(StringBuilder html, ProcedureReport p, Func<DateTimeOffset, string> at)
    {
        if (p.Propagation is not { Cluster: true } deployment) return;
        html.Append(CultureInfo.InvariantCulture, $"<h3>Propagation of the exchange (generation {deployment.Generation})</h3>")
            .Append("<p class=\"muted\">From the acknowledged exchange until the node reported serving it in GET /admin/cluster (polled every 25 ms; without a usable report, the poll that first showed it).</p>")
            .Append("<table class=\"propagation\"><tr><th>node</th><th>deployed</th><th>after the exchange</th></tr>");
        foreach (var n in deployment.Nodes)
        {
            if (n.DeployedAt is { } when) html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(n.Node)}</td><td>{E(at(when))}</td><td>{n.Seconds:0.000} s</td></tr>");
            else html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(n.Node)}</td><td class=\"bad\">not deployed (serves generation {n.DeployedGeneration})</td><td></td></tr>");
        }
        html.Append("</table>");
    }

    private static string Utc(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
