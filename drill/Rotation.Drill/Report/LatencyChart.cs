using System.Globalization;
using System.Text;

namespace Rotation.Drill.Report;

/// <summary>Latency p50/p95/p99 per second of the procedure, on the same time axis as its timeline.</summary>
public static class LatencyChart
{
    private const double Width = TimelineChart.Width, Left = TimelineChart.Left, Right = TimelineChart.Right, Top = 12, PlotHeight = 140;

    public static string? Render(ProcedureReport p)
    {
        var points = p.Timeline.Where(t => t.LatencyMs is not null).ToList();
        if (points.Count == 0) return null;
        var x = new ChartAxis(p.StartedOffset, Math.Max(p.FinishedOffset, p.StartedOffset + 0.001), Left, Width - Right);
        var (top, step) = ChartAxis.NiceTop(points.Max(t => t.LatencyMs!.P99) * 1.05, 4);
        var y = new ChartAxis(0, top, Top + PlotHeight, Top);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency\" viewBox=\"0 0 {Width} {Top + PlotHeight + 28}\" width=\"100%\" font-size=\"{TimelineChart.FontSize}\" font-family=\"system-ui,sans-serif\" ")
            .Append(CultureInfo.InvariantCulture, $"data-t0=\"{x.From:0.###}\" data-t1=\"{x.To:0.###}\" role=\"img\" aria-label=\"latency percentiles per second\">")
            .Append(CultureInfo.InvariantCulture, $"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{PlotHeight}\" fill=\"#fff\"/>");
        foreach (var tick in y.Ticks(step))
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{y.Pixel(tick):0.##}\" x2=\"{Width - Right}\" y2=\"{y.Pixel(tick):0.##}\" stroke=\"{ChartPalette.Grid}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"ytick\" x=\"{Left - 6}\" y=\"{y.Pixel(tick) + 5:0.##}\" text-anchor=\"end\">{tick:0.##}</text>");
        foreach (var (name, colour, value) in new (string, string, Func<Admin.LatencyInfo, double>)[]
                 { ("p50", ChartPalette.P50, l => l.P50), ("p95", ChartPalette.P95, l => l.P95), ("p99", ChartPalette.P99, l => l.P99) })
        {
            var line = string.Join(" ", points.Select(t => string.Create(CultureInfo.InvariantCulture, $"{x.Pixel((t.Start + t.End) / 2):0.##},{y.Pixel(value(t.LatencyMs!)):0.##}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{name}\" points=\"{line}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + PlotHeight}\" x2=\"{Width - Right}\" y2=\"{Top + PlotHeight}\" stroke=\"{ChartPalette.Axis}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + PlotHeight}\" stroke=\"{ChartPalette.Axis}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Top + PlotHeight / 2:0.#}\" transform=\"rotate(-90 14 {Top + PlotHeight / 2:0.#})\" text-anchor=\"middle\">ms</text>");
        foreach (var tick in x.Ticks(ChartAxis.NiceStep(x.To - x.From, 10)))
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"xtick\" x=\"{x.Pixel(tick):0.##}\" y=\"{Top + PlotHeight + 18}\" text-anchor=\"middle\">+{tick:0.##}s</text>");
        return svg.Append("</svg>").ToString();
    }
}
