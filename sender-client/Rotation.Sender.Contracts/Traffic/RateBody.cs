namespace Rotation.Sender.Contracts;

/// <summary>A new request rate, per second.</summary>
public sealed record RateBody(double? Rate);
