namespace Rotation.Drill.Soak;

/// <summary>One overlap rotation of the soak: how long it took and whether every step's check held.</summary>
public sealed record RotationSample(int Number, double Seconds, bool Passed, string? Failure);
