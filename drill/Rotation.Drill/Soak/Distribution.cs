namespace Rotation.Drill.Soak;

/// <summary>Order statistics of a set of durations, in seconds.</summary>
public sealed record Distribution(int Count, double Min, double P50, double P90, double P99, double Max, double Mean)
{
    public static Distribution Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return new(0, 0, 0, 0, 0, 0, 0);
        var sorted = values.Order().ToArray();
        double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(sorted.Length, sorted[0], Percentile(0.5), Percentile(0.9), Percentile(0.99), sorted[^1], sorted.Average());
    }
}
