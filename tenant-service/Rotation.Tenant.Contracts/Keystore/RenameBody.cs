namespace Rotation.Tenant.Contracts;

/// <summary>Rename an entry.</summary>
public sealed record RenameBody(string? NewAlias);
