using System.Globalization;
using System.Text;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Report;

/// <summary>Latency p50/p95/p99 per second of the procedure, on the same time axis as its timeline.</summary>
public static class LatencyChart
{
    private const double Width = ChartFrame.Width, Left = ChartFrame.Left, Right = ChartFrame.Right, Top = 12, PlotHeight = 140;

    public static string? Render(ProcedureReport p)
    {
        var points = p.Timeline.Where(t => t.LatencyMs is not null).ToList();
        if (points.Count == 0) return null;
        var x = new ChartAxis(p.StartedOffset, Math.Max(p.FinishedOffset, p.StartedOffset + 0.001), Left, Width - Right);
        var (top, step) = ChartAxis.NiceTop(points.Max(t => t.LatencyMs!.P99) * 1.05, 4);
        var y = new ChartAxis(0, top, Top + PlotHeight, Top);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency\" viewBox=\"0 0 {Width} {Top + PlotHeight + 28}\" width=\"100%\" font-size=\"{ChartFrame.FontSize}\" font-family=\"system-ui,sans-serif\" ")
            .Append(CultureInfo.InvariantCulture, $"data-t0=\"{x.From:0.###}\" data-t1=\"{x.To:0.###}\" role=\"img\" aria-label=\"latency percentiles per second\">")
            .Append(CultureInfo.InvariantCulture, $"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{PlotHeight}\" fill=\"#fff\"/>");
        ChartFrame.AppendGrid(svg, y, step);
        foreach (var (name, colour, value) in new (string, string, Func<LatencyPercentiles, double>)[]
                 { ("p50", ChartPalette.P50, l => l.P50), ("p95", ChartPalette.P95, l => l.P95), ("p99", ChartPalette.P99, l => l.P99) })
        {
            var line = string.Join(" ", points.Select(t => string.Create(CultureInfo.InvariantCulture, $"{x.Pixel((t.Start + t.End) / 2):0.##},{y.Pixel(value(t.LatencyMs!)):0.##}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{name}\" points=\"{line}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
        }
        ChartFrame.AppendAxes(svg, x, Top, PlotHeight, "ms");
        return svg.Append("</svg>").ToString();
    }
}
