namespace Rotation.Sender.Contracts;

/// <summary>Create a signing key pair.</summary>
public sealed record KeyPairBody(string? Alias, string? KeyAlgorithm, string? Subject, int? ValidityDays);
