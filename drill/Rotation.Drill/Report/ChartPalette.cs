namespace Rotation.Drill.Report;

/// <summary>The Okabe–Ito colours: told apart with every common colour-vision deficiency.</summary>
public static class ChartPalette
{
    public const string Old = "#0072B2", New = "#009E73", Other = "#999999", Failed = "#D55E00", Paused = "#F0E442",
        Target = "#000000", Step = "#333333", P50 = "#56B4E9", P95 = "#E69F00", P99 = "#CC79A7", Grid = "#dddddd", Axis = "#555555";
}
