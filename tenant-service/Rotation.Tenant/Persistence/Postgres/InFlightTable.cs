namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// Where the nodes report one in-flight view (docs/DESIGN.md §8): by signing fingerprint in <c>node_in_flight</c>, by
/// the fingerprint of the certificate that verified the request in <c>node_verified_in_flight</c> (docs/DESIGN.md §10).
/// Both tables have the same columns; a view never reads the other's rows, even on a node of an older version.
/// </summary>
internal sealed record InFlightTable
{
    public static readonly InFlightTable Signing = new("node_in_flight", "messages in flight");
    public static readonly InFlightTable Verified = new("node_verified_in_flight", "verified messages in flight");

    private InFlightTable(string name, string description) => (Name, Description) = (name, description);

    /// <summary>The table's name, one of the constants above: safe to put in SQL text.</summary>
    public string Name { get; }

    /// <summary>What it holds, in words, for the log.</summary>
    public string Description { get; }
}
