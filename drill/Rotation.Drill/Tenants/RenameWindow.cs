namespace Rotation.Drill.Tenants;

/// <summary>
/// The exchange by rename (docs/DESIGN.md §9): from sending the first rename (the old entry leaves the alias) until
/// the second one is answered (the new entry holds it). In between the alias may not exist and the flow cannot sign.
/// </summary>
public sealed record RenameWindow(DateTimeOffset StartedAt, DateTimeOffset EndedAt, string RetiredAlias)
{
    public double Milliseconds => Math.Round((EndedAt - StartedAt).TotalMilliseconds, 3);
}
