namespace Rotation.Sender.Contracts;

/// <summary>The trust mode to switch to: Single or Overlap.</summary>
public sealed record ModeBody(TrustMode? Mode);
