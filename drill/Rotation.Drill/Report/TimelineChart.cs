using System.Globalization;
using System.Net;
using System.Text;
using Rotation.Drill.Running;

namespace Rotation.Drill.Report;

/// <summary>
/// The procedure's timeline as SVG: responses per second by what became of them (stacked, at their true rate),
/// the paused downtime as a band and every step as a line, all at their exact times on the drill's one clock and
/// inside the axes; under the chart a step lane names every step, staggered over rows so close steps stay readable.
/// The plot area is the rect of class "plot"; its x range maps [data-t0, data-t1] seconds from the drill's origin.
/// </summary>
public static class TimelineChart
{
    public const double Width = ChartFrame.Width, Left = ChartFrame.Left, Right = ChartFrame.Right, Top = 16, PlotHeight = 220, FontSize = ChartFrame.FontSize;
    private const double LaneTop = Top + PlotHeight + 30, LaneRow = 20, LabelCharWidth = 8, MinimumSegment = 0.1;
    private const int LabelChars = 40;

    public static string Render(ProcedureReport p, double targetRate)
    {
        var x = new ChartAxis(p.StartedOffset, Math.Max(p.FinishedOffset, p.StartedOffset + 0.001), Left, Width - Right);
        var slices = p.Timeline.Select(t => Stack(p, t)).ToList();
        var peak = slices.SelectMany(s => s).GroupBy(b => (b.From, b.To)).Select(g => g.Sum(b => b.Rate)).DefaultIfEmpty(0).Max();
        var (top, step) = ChartAxis.NiceTop(Math.Max(peak, targetRate) * 1.05, 5);
        var y = new ChartAxis(0, top, Top + PlotHeight, Top);
        var lane = StepLane(p, x);
        var height = LaneTop + Math.Max(1, lane.Rows) * LaneRow + 8;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 {Width} {height:0.#}\" width=\"100%\" font-size=\"{FontSize}\" font-family=\"system-ui,sans-serif\" ")
            .Append(CultureInfo.InvariantCulture, $"data-t0=\"{x.From:0.###}\" data-t1=\"{x.To:0.###}\" role=\"img\" aria-label=\"responses per second over time, {E(p.Mode)} procedure\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{PlotHeight}\" fill=\"#fff\"/>");
        ChartFrame.AppendGrid(svg, y, step);
        if (p.PausedAt is { } paused)
        {
            var from = x.Pixel(Offset(p, paused));
            var to = x.Pixel(Offset(p, p.ResumedAt ?? p.FinishedAt));
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"paused\" x=\"{from:0.##}\" y=\"{Top}\" width=\"{to - from:0.##}\" height=\"{PlotHeight}\" fill=\"{ChartPalette.Paused}\" fill-opacity=\"0.45\"><title>paused (downtime) {p.DowntimeSeconds:0.00} s</title></rect>");
        }
        foreach (var bar in slices.SelectMany(s => s))
        {
            var x0 = x.Pixel(bar.From);
            var x1 = x.Pixel(bar.To);
            var y0 = y.Pixel(bar.Base);
            var y1 = y.Pixel(bar.Base + bar.Rate);
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"series {bar.Series}\" x=\"{x0:0.##}\" y=\"{y1:0.##}\" width=\"{x1 - x0:0.##}\" height=\"{y0 - y1:0.##}\" fill=\"{Colour(bar.Series)}\" ")
                .Append(CultureInfo.InvariantCulture, $"data-from=\"{bar.From:0.###}\" data-to=\"{bar.To:0.###}\" data-rate=\"{bar.Rate:0.##}\"><title>{bar.Series}: {bar.Rate:0.#}/s, +{bar.From:0.00}…+{bar.To:0.00} s</title></rect>");
        }
        var target = y.Pixel(targetRate);
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"{Left}\" y1=\"{target:0.##}\" x2=\"{Width - Right}\" y2=\"{target:0.##}\" stroke=\"{ChartPalette.Target}\" stroke-dasharray=\"8,4\" data-rate=\"{targetRate:0.##}\"><title>target rate {targetRate:0.#}/s</title></line>");
        foreach (var s in p.Steps.Where(s => s.Outcome != StepOutcome.Skipped))
        {
            var sx = x.Pixel(s.StartedOffset);
            var colour = s.Outcome == StepOutcome.Done ? ChartPalette.Step : ChartPalette.Failed;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"step\" data-step=\"{s.Number}\" x1=\"{sx:0.##}\" y1=\"{Top}\" x2=\"{sx:0.##}\" y2=\"{Top + PlotHeight}\" stroke=\"{colour}\" stroke-dasharray=\"3,3\"><title>step {s.Number}: {E(s.Sentence)} (+{s.StartedOffset:0.00} s)</title></line>");
        }
        ChartFrame.AppendAxes(svg, x, Top, PlotHeight, "responses/s");
        svg.Append(lane.Svg);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The seconds a procedure's series has anything in it; a slice's part outside that span carries none of it.</summary>
    private static IReadOnlyList<Bar> Stack(ProcedureReport p, TimelineInterval t)
    {
        var failures = p.Errors.Count == 0 ? ((DateTimeOffset?)null, (DateTimeOffset?)null) : (p.Errors.Min(e => e.FirstAt), p.Errors.Max(e => e.LastAt));
        var segments = new List<(string Series, double From, double To, double Rate)>();
        void Add(string series, long count, DateTimeOffset? first, DateTimeOffset? last)
        {
            if (count <= 0) return;
            var from = first is { } f ? Math.Max(t.Start, Offset(p, f)) : t.Start;
            var to = last is { } l ? Math.Min(t.End, Offset(p, l)) : t.End;
            if (to - from < MinimumSegment)
            {
                // A handful of responses at one instant: give them a visible sliver of the slice, still within it, and
                // widened forward only when their first time is known, so a bar never begins before the first response
                // it counts (widened backwards, rejections at the end of a slice were drawn before the step causing them).
                to = Math.Min(t.End, from + MinimumSegment);
                if (first is null) from = Math.Max(t.Start, to - MinimumSegment);
            }
            // A sliver the slice's end cut short keeps the height of a 0.1 s one rather than spiking the axis.
            segments.Add((series, from, to, count / Math.Max(to - from, MinimumSegment)));
        }
        Add("old", t.VerifiedOld, p.FirstSignedWithOldAt, p.LastSignedWithOldAt);
        Add("new", t.VerifiedNew, p.FirstSignedWithNewAt, p.LastSignedWithNewAt);
        Add("other", t.VerifiedOther, null, null);
        Add("failed", t.Failed, failures.Item1, failures.Item2);

        // Stack the series over every stretch between two segment ends, so each keeps its own x range.
        var cuts = segments.SelectMany(s => new[] { s.From, s.To }).Distinct().Order().ToList();
        var bars = new List<Bar>();
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var (from, to) = (cuts[i], cuts[i + 1]);
            var level = 0.0;
            foreach (var s in segments.Where(s => s.From <= from && s.To >= to))
            {
                bars.Add(new Bar(s.Series, from, to, level, s.Rate));
                level += s.Rate;
            }
        }
        return bars;
    }

    /// <summary>A row per group of steps too close to share one: each label "n Sentence" at its step's x, joined to the axis by a leader.</summary>
    private static (string Svg, int Rows) StepLane(ProcedureReport p, ChartAxis x)
    {
        var svg = new StringBuilder();
        var rowEnds = new List<double>();
        foreach (var s in p.Steps.Where(s => s.Outcome != StepOutcome.Skipped).OrderBy(s => s.StartedOffset))
        {
            var sx = x.Pixel(s.StartedOffset);
            var sentence = s.Sentence.TrimEnd('.');
            var text = $"{s.Number} {(sentence.Length > LabelChars ? sentence[..(LabelChars - 1)].TrimEnd() + "…" : sentence)}";
            var width = text.Length * LabelCharWidth + 12;
            var anchorEnd = sx + width > Width - 4 && sx - width >= 4;
            var (from, to) = anchorEnd ? (sx - width, sx) : (sx - 6, sx + width);
            var row = rowEnds.FindIndex(end => end + 6 < from);
            if (row < 0)
            {
                rowEnds.Add(to);
                row = rowEnds.Count - 1;
            }
            else rowEnds[row] = to;
            var ly = LaneTop + row * LaneRow + 12;
            var colour = s.Outcome == StepOutcome.Done ? ChartPalette.Step : ChartPalette.Failed;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"step-label\" data-step=\"{s.Number}\" data-row=\"{row}\">")
                .Append(CultureInfo.InvariantCulture, $"<line x1=\"{sx:0.##}\" y1=\"{Top + PlotHeight}\" x2=\"{sx:0.##}\" y2=\"{ly - 10:0.##}\" stroke=\"{colour}\" stroke-dasharray=\"1,2\"/>")
                .Append(CultureInfo.InvariantCulture, $"<circle cx=\"{sx:0.##}\" cy=\"{ly - 5:0.##}\" r=\"3\" fill=\"{colour}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{(anchorEnd ? sx - 6 : sx + 6):0.##}\" y=\"{ly:0.##}\" text-anchor=\"{(anchorEnd ? "end" : "start")}\" font-size=\"13\" fill=\"{colour}\">{E(text)}<title>{E(s.Sentence)}</title></text></g>");
        }
        return (svg.ToString(), rowEnds.Count);
    }

    private static double Offset(ProcedureReport p, DateTimeOffset moment) => p.StartedOffset + (moment - p.StartedAt).TotalSeconds;

    private static string Colour(string series) => series switch
    {
        "old" => ChartPalette.Old,
        "new" => ChartPalette.New,
        "failed" => ChartPalette.Failed,
        _ => ChartPalette.Other,
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private sealed record Bar(string Series, double From, double To, double Base, double Rate);
}
