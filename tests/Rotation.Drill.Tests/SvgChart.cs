using System.Globalization;
using System.Xml.Linq;

namespace Rotation.Drill.Tests;

/// <summary>An SVG chart read back with XDocument: its plot area and time axis, to compute where things must be drawn.</summary>
internal sealed class SvgChart
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public SvgChart(XElement svg)
    {
        Root = svg;
        var plot = Elements("rect", "plot").Single();
        (PlotX, PlotY, PlotWidth, PlotHeight) = (D(plot, "x"), D(plot, "y"), D(plot, "width"), D(plot, "height"));
        (T0, T1) = (D(svg, "data-t0"), D(svg, "data-t1"));
    }

    public XElement Root { get; }
    public double PlotX { get; }
    public double PlotY { get; }
    public double PlotWidth { get; }
    public double PlotHeight { get; }
    public double T0 { get; }
    public double T1 { get; }

    public static SvgChart Parse(string svg) => new(XElement.Parse(svg));

    /// <summary>Where an offset on the drill's clock must be drawn, from the axis alone.</summary>
    public double X(double offset) => PlotX + (offset - T0) / (T1 - T0) * PlotWidth;

    /// <summary>The y of a value, from the gridline labels (two ticks fix the linear scale).</summary>
    public double Y(double value)
    {
        var ticks = Root.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "ytick")
            .Select(t => (Value: double.Parse(t.Value, CultureInfo.InvariantCulture), Y: D(t, "y") - 5)).OrderBy(t => t.Value).ToList();
        var (a, b) = (ticks[0], ticks[^1]);
        return a.Y + (value - a.Value) / (b.Value - a.Value) * (b.Y - a.Y);
    }

    public IEnumerable<XElement> Elements(string name, string cssClass) =>
        Root.Descendants(Svg + name).Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cssClass) == true);

    public static double D(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
