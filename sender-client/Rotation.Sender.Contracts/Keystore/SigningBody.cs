namespace Rotation.Sender.Contracts;

/// <summary>Request signing on or off, and its key reference; null fields keep their value.</summary>
public sealed record SigningBody(bool? Enabled, string? KeyReference);
