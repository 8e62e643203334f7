namespace Rotation.Drill.Procedures;

/// <summary>How a drill runs: traffic, pacing, budgets.</summary>
public sealed record DrillSettings
{
    public double Rate { get; init; } = 50;
    public int Concurrency { get; init; } = 8;
    /// <summary>How long traffic runs before the first step, after observed steps and after the last.</summary>
    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan MaxDowntime { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The request header through which the tenant may be asked to sign with another alias (its dynamic alias).</summary>
    public string AliasHeader { get; init; } = "X-Rotation-Signer-Alias";
    /// <summary>Requests of each probe that confirms a step.</summary>
    public int ProbeCount { get; init; } = 5;
    /// <summary>Key size of the new key pair; null takes the old one's.</summary>
    public int? KeySize { get; init; }
    /// <summary>The renewal key pair's subject DN (the sender profiles of docs/DESIGN.md §13 tell same-subject certificates apart or not).</summary>
    public NewSubject NewSubject { get; init; } = NewSubject.RenewalOu;
}
