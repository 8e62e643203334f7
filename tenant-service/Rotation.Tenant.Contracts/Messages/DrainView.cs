namespace Rotation.Tenant.Contracts;

/// <summary>Whether no message with the fingerprint is in flight any more, and how many are when the wait ended.</summary>
public sealed record DrainView(string Fingerprint, bool Drained, int InFlight);
