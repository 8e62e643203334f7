namespace Rotation.Drill.Report;

/// <summary>The procedure's promises, by name: a rehearsed mistake predicts which of them it breaks.</summary>
public enum InvariantKind
{
    EveryStepHeld,
    TrafficRan,
    NothingRejected,
    NewKeySigns,
    OldKeyInHistory,
    NothingSentDuringDowntime,
    DowntimeWithinBudget,
    NoOldKeyAfterExchange,
}

/// <summary>A promise of the procedure (or of a soak or load run) and whether this run kept it.</summary>
public sealed record Invariant(string Name, bool Holds, string Detail)
{
    public Invariant(InvariantKind kind, string name, bool holds, string detail) : this(name, holds, detail) => Kind = kind;

    /// <summary>Which of a renewal procedure's promises this is; null for the soak's and load run's own.</summary>
    public InvariantKind? Kind { get; init; }
}
