namespace Rotation.Drill.Procedures;

/// <summary>
/// One sentence of a renewal procedure: who does it, what they do over their admin API, and the check
/// that must hold before the next step. The action returns what it did; a failed check throws <see cref="StepCheckFailed"/>.
/// </summary>
public sealed record DrillStep(Role Role, string Sentence, Func<DrillContext, CancellationToken, Task<string>> Act)
{
    /// <summary>Whether traffic should run for a while after this step so the report shows its effect.</summary>
    public bool Observe { get; init; }

    /// <summary>A step that only checks and changes nothing (with CA trust, the sender's steps: docs/DESIGN.md §12).</summary>
    public bool CheckOnly { get; init; }
    /// <summary>The step changes what the sender trusts: a sender that caches its trust store applies it only later (docs/DESIGN.md §13).</summary>
    public bool ChangesTrust { get; init; }
}

/// <summary>A step's check did not hold: the procedure must not go on as if it had.</summary>
public sealed class StepCheckFailed(string message) : Exception(message);
