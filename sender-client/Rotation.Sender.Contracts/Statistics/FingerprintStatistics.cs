namespace Rotation.Sender.Contracts;

/// <summary>What one trusted certificate verified: the drill reads the first and last response per key from here.</summary>
public sealed record FingerprintStatistics(string Fingerprint, long Verified, DateTimeOffset FirstVerifiedAt, DateTimeOffset LastVerifiedAt);
