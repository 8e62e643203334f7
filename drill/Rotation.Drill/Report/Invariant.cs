namespace Rotation.Drill.Report;

/// <summary>A promise of the procedure and whether this run kept it.</summary>
public sealed record Invariant(string Name, bool Holds, string Detail);
