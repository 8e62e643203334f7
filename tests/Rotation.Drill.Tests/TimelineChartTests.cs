using System.Xml.Linq;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Rotation.Sender.Contracts;
using static Rotation.Drill.Tests.SyntheticReports;

namespace Rotation.Drill.Tests;

/// <summary>
/// The timeline's geometry, read back from the SVG: every marker and band where the step times and the axis put
/// it, partial seconds drawn at their true rate, nothing outside the axes, every step named even when close.
/// </summary>
public sealed class TimelineChartTests
{
    private const double Tolerance = 0.02;

    // The single procedure of the issue: traffic from 2.9 s, a pause from 3.82 s to 6.55 s, 100 requests/s otherwise.
    private static ProcedureReport PausedRun() => Procedure(2.9, 12.4,
        [
            new(2.9, 3.0, 10, 0, 0, 0, false, null),
            new(3.0, 4.0, 82, 0, 0, 0, true, null),
            new(4.0, 5.0, 0, 0, 0, 0, true, null),
            new(5.0, 6.0, 0, 0, 0, 0, true, null),
            new(6.0, 7.0, 0, 45, 0, 0, true, null),
            new(7.0, 8.0, 0, 100, 0, 0, false, null),
            new(8.0, 9.0, 0, 100, 0, 0, false, null),
            new(9.0, 10.0, 0, 100, 0, 0, false, null),
            new(10.0, 11.0, 0, 100, 0, 0, false, null),
            new(11.0, 12.0, 0, 100, 0, 0, false, null),
            new(12.0, 12.4, 0, 40, 0, 0, false, null),
        ],
        [Step(1, 3.5), Step(2, 3.82), Step(3, 6.55)], pausedAt: 3.82, resumedAt: 6.55);

    [Fact]
    public void Steps_and_the_downtime_band_sit_at_their_exact_times()
    {
        var p = PausedRun();
        var chart = SvgChart.Parse(TimelineChart.Render(p, targetRate: 100));

        Assert.Equal(2.9, chart.T0, 3);
        Assert.Equal(12.4, chart.T1, 3);
        foreach (var step in p.Steps)
        {
            var line = chart.Elements("line", "step").Single(l => (string?)l.Attribute("data-step") == step.Number.ToString());
            Assert.Equal(chart.X(step.StartedOffset), SvgChart.D(line, "x1"), Tolerance);
            Assert.Equal(chart.X(step.StartedOffset), SvgChart.D(line, "x2"), Tolerance);
        }
        var band = chart.Elements("rect", "paused").Single();
        Assert.Equal(chart.X(3.82), SvgChart.D(band, "x"), Tolerance);
        Assert.Equal(chart.X(6.55), SvgChart.D(band, "x") + SvgChart.D(band, "width"), Tolerance);
        // The band begins with the step that stopped the sender, not at the whole second before it.
        Assert.True(SvgChart.D(band, "x") > chart.X(3.5));
    }

    [Fact]
    public void Partial_first_and_last_seconds_are_drawn_at_their_rate_and_everything_stays_inside_the_axes()
    {
        var chart = SvgChart.Parse(TimelineChart.Render(PausedRun(), targetRate: 100));

        var bars = chart.Elements("rect", "series").ToList();
        var first = bars.MinBy(b => SvgChart.D(b, "x"))!;
        var last = bars.MaxBy(b => SvgChart.D(b, "x"))!;
        // 10 responses in the 0.1 s the run covered of its first second, 40 in the 0.4 s of its last: 100/s, like a full second.
        Assert.Equal(chart.X(2.9), SvgChart.D(first, "x"), Tolerance);
        Assert.Equal(chart.Y(100), SvgChart.D(first, "y"), 0.5);
        Assert.Equal(chart.X(12.4), SvgChart.D(last, "x") + SvgChart.D(last, "width"), Tolerance);
        Assert.Equal(chart.Y(100), SvgChart.D(last, "y"), 0.5);
        var full = bars.Single(b => (string?)b.Attribute("data-from") == "8");
        Assert.Equal(SvgChart.D(full, "y"), SvgChart.D(first, "y"), 0.5);

        Assert.Equal(chart.Y(100), SvgChart.D(chart.Elements("line", "target").Single(), "y1"), 0.5);
        foreach (var rect in bars.Concat(chart.Elements("rect", "paused")))
        {
            Assert.InRange(SvgChart.D(rect, "x"), chart.PlotX - Tolerance, chart.PlotX + chart.PlotWidth + Tolerance);
            Assert.InRange(SvgChart.D(rect, "x") + SvgChart.D(rect, "width"), chart.PlotX - Tolerance, chart.PlotX + chart.PlotWidth + Tolerance);
            Assert.InRange(SvgChart.D(rect, "y"), chart.PlotY - Tolerance, chart.PlotY + chart.PlotHeight + Tolerance);
            Assert.InRange(SvgChart.D(rect, "y") + SvgChart.D(rect, "height"), chart.PlotY - Tolerance, chart.PlotY + chart.PlotHeight + Tolerance);
        }
        foreach (var line in chart.Elements("line", "step").Concat(chart.Elements("line", "grid")).Concat(chart.Elements("line", "target")))
        {
            Assert.InRange(SvgChart.D(line, "x1"), chart.PlotX - Tolerance, chart.PlotX + chart.PlotWidth + Tolerance);
            Assert.InRange(SvgChart.D(line, "x2"), chart.PlotX - Tolerance, chart.PlotX + chart.PlotWidth + Tolerance);
            Assert.InRange(SvgChart.D(line, "y1"), chart.PlotY - Tolerance, chart.PlotY + chart.PlotHeight + Tolerance);
        }
        Assert.True(chart.Elements("line", "grid").Count() >= 3, "the y axis needs gridlines");
        Assert.True(chart.Elements("text", "xtick").Count() >= 5, "a 9.5 s run needs x ticks dense enough to read times off");
    }

    [Fact]
    public void Rejections_start_where_the_first_one_happened_not_at_the_whole_second_before_the_step()
    {
        var p = Procedure(0.5, 12,
            [new(7.0, 8.0, 100, 0, 0, 0, false, null), new(8.0, 9.0, 40, 0, 0, 60, false, null), new(9.0, 10.0, 0, 0, 0, 100, false, null)],
            [Step(5, 8.4)],
            errors: [new ErrorStatistics(OutcomeKind.Rejected, "CertificateUntrusted", "not in the trust set", 160, At(8.4), At(10.0))])
            with { LastSignedWithOldAt = At(8.4) };
        var chart = SvgChart.Parse(TimelineChart.Render(p, targetRate: 100));

        var failed = chart.Elements("rect", "failed").OrderBy(r => SvgChart.D(r, "x")).ToList();
        Assert.Equal(chart.X(8.4), SvgChart.D(failed[0], "x"), Tolerance);
        Assert.Equal(chart.Y(100), SvgChart.D(failed[0], "y"), 0.5);
        var oldInThatSecond = chart.Elements("rect", "old").Single(r => (string?)r.Attribute("data-from") == "8");
        Assert.Equal(chart.X(8.4), SvgChart.D(oldInThatSecond, "x") + SvgChart.D(oldInThatSecond, "width"), Tolerance);
    }

    [Fact]
    public void A_few_rejections_at_the_end_of_a_second_are_not_drawn_before_the_first_of_them()
    {
        // Three rejections from 8.97 s, the rest in the next second: the sliver for the three is widened forward, never
        // back over the step at 8.96 s (widened backwards it began at 8.9 s, before the step that caused them).
        var p = Procedure(0.5, 12,
            [new(8.0, 9.0, 97, 0, 0, 3, false, null), new(9.0, 10.0, 0, 0, 0, 100, false, null)],
            [Step(5, 8.96)],
            errors: [new ErrorStatistics(OutcomeKind.Rejected, "CertificateUntrusted", "not in the trust set", 103, At(8.97), At(10.0))])
            with { LastSignedWithOldAt = At(8.96) };
        var chart = SvgChart.Parse(TimelineChart.Render(p, targetRate: 100));

        var failed = chart.Elements("rect", "failed").ToList();
        Assert.All(failed, r => Assert.True(SvgChart.D(r, "data-from") >= 8.97 - 0.0005, $"a rejection drawn from {r.Attribute("data-from")} s"));
        Assert.Contains(failed, r => SvgChart.D(r, "data-from") < 9.0);
        // The cut-short sliver is as tall as a 0.1 s one would be (3 in 0.1 s: 30/s), not a spike of 3 in 0.03 s.
        var sliver = failed.Single(r => SvgChart.D(r, "data-to") <= 9.0);
        Assert.Equal(30, SvgChart.D(sliver, "data-rate"), 0.5);
    }

    [Fact]
    public void Steps_close_together_each_keep_a_label_with_their_name_on_rows_of_their_own()
    {
        var close = Enumerable.Range(5, 6).Select(n => Step(n, 8 + (n - 5) * 0.04, sentence: $"Step sentence {n} for the administrator.")).ToList();
        var p = Procedure(0, 14, [new(0, 1, 100, 0, 0, 0, false, null)], [Step(1, 2), Step(2, 3), Step(3, 4), Step(4, 5), .. close]);
        var chart = SvgChart.Parse(TimelineChart.Render(p, targetRate: 100));

        var labels = chart.Elements("g", "step-label").ToDictionary(g => (string)g.Attribute("data-step")!);
        Assert.Equal(10, labels.Count);
        foreach (var step in p.Steps)
        {
            var text = labels[step.Number.ToString()].Element(SvgChart.Svg + "text")!;
            Assert.StartsWith($"{step.Number} {step.Sentence.TrimEnd('.')}", text.Value);
        }
        var rows = close.Select(s => (string)labels[s.Number.ToString()].Attribute("data-row")!).ToList();
        Assert.Equal(rows.Count, rows.Distinct().Count());
        var svgHeight = double.Parse(((string)chart.Root.Attribute("viewBox")!).Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(labels.Values, g => Assert.InRange(SvgChart.D(g.Element(SvgChart.Svg + "text")!, "y"), chart.PlotY + chart.PlotHeight, svgHeight));
    }

    [Fact]
    public void The_legend_lists_only_the_series_the_chart_shows()
    {
        static IReadOnlyList<string> Legend(ProcedureReport p)
        {
            var html = XDocument.Parse(HtmlReport.Render(DrillOf(p)).Replace("<!DOCTYPE html>", ""));
            return html.Descendants("span").Where(s => (string?)s.Attribute("class") == "legend-entry").Select(s => s.Value).ToList();
        }
        var oldOnly = Procedure(0, 3, [new(0, 1, 100, 0, 0, 0, false, null), new(1, 2, 100, 0, 0, 0, false, null)], [Step(1, 1)]);
        var withFailures = Procedure(0, 3, [new(0, 1, 50, 20, 0, 30, false, null)], [Step(1, 1)], pausedAt: 1.5, resumedAt: 2);

        var legend = Legend(oldOnly);
        Assert.Contains("verified by the old key", legend);
        Assert.DoesNotContain("verified by the new key", legend);
        Assert.DoesNotContain("rejected or failed", legend);
        Assert.DoesNotContain("paused (downtime)", legend);
        Assert.Contains("target rate", legend);
        Assert.Superset(new HashSet<string> { "verified by the old key", "verified by the new key", "rejected or failed", "paused (downtime)" }, Legend(withFailures).ToHashSet());
    }
}
