namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>What a node reports after deploying: the generation it serves, since when, and its simulated propagation delay.</summary>
public sealed record NodeDeployment(string Node, long Generation, DateTimeOffset DeployedAt, TimeSpan PropagationDelay);
