namespace Rotation.Drill.Report;

/// <summary>A linear axis from a data range to a pixel range, with "nice" ticks (1, 2 or 5 × 10ⁿ apart).</summary>
public sealed record ChartAxis(double From, double To, double PixelFrom, double PixelTo)
{
    public double Pixel(double value)
    {
        var clamped = Math.Clamp(value, Math.Min(From, To), Math.Max(From, To));
        return PixelFrom + (clamped - From) / (To - From) * (PixelTo - PixelFrom);
    }

    public IEnumerable<double> Ticks(double step)
    {
        for (var i = Math.Ceiling(From / step - 1e-9); i * step <= To + 1e-9; i++) yield return i == 0 ? 0 : Math.Round(i * step, 6);
    }

    /// <summary>The nice step that gives about <paramref name="count"/> ticks over <paramref name="range"/>.</summary>
    public static double NiceStep(double range, int count)
    {
        if (!(range > 0)) return 1;
        var raw = range / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalised = raw / magnitude;
        return (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10) * magnitude;
    }

    /// <summary>The first nice value at or above <paramref name="max"/>, so the top gridline bounds the data.</summary>
    public static (double Top, double Step) NiceTop(double max, int count)
    {
        var step = NiceStep(Math.Max(max, 1e-9), count);
        return (Math.Max(step, Math.Ceiling(max / step - 1e-9) * step), step);
    }
}
