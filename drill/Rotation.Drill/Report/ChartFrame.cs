using System.Globalization;
using System.Text;

namespace Rotation.Drill.Report;

/// <summary>What every chart of the report shares: its width and margins, gridlines with labelled ticks on y, the axes, and time ticks on x.</summary>
public static class ChartFrame
{
    public const double Width = 1000, Left = 64, Right = 20, FontSize = 14;

    public static void AppendGrid(StringBuilder svg, ChartAxis y, double step)
    {
        foreach (var tick in y.Ticks(step))
        {
            var ty = y.Pixel(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{ty:0.##}\" x2=\"{Width - Right}\" y2=\"{ty:0.##}\" stroke=\"{ChartPalette.Grid}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"ytick\" x=\"{Left - 6}\" y=\"{ty + 5:0.##}\" text-anchor=\"end\">{tick:0.##}</text>");
        }
    }

    /// <summary>Both axes, the y axis's label, and x ticks dense enough to read times off a short run (about ten).</summary>
    public static void AppendAxes(StringBuilder svg, ChartAxis x, double top, double plotHeight, string yLabel)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{top + plotHeight}\" x2=\"{Width - Right}\" y2=\"{top + plotHeight}\" stroke=\"{ChartPalette.Axis}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{top}\" x2=\"{Left}\" y2=\"{top + plotHeight}\" stroke=\"{ChartPalette.Axis}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{top + plotHeight / 2:0.#}\" transform=\"rotate(-90 14 {top + plotHeight / 2:0.#})\" text-anchor=\"middle\">{yLabel}</text>");
        foreach (var tick in x.Ticks(ChartAxis.NiceStep(x.To - x.From, 10)))
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"xtick\" x=\"{x.Pixel(tick):0.##}\" y=\"{top + plotHeight + 18}\" text-anchor=\"middle\">+{tick:0.##}s</text>");
    }
}
