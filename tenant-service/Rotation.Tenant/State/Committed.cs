namespace Rotation.Tenant.State;

/// <summary>What a change produced and the generation it was committed as (the answer's ETag).</summary>
public sealed record Committed<T>(T Value, long Generation);
