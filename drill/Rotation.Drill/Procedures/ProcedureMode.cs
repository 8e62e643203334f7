namespace Rotation.Drill.Procedures;

public enum ProcedureMode
{
    /// <summary>The sender can trust the old and the new certificate at once: no downtime, no failed message.</summary>
    Overlap,
    /// <summary>The sender trusts one certificate at a time: an agreed downtime while both sides exchange.</summary>
    Single,
}
