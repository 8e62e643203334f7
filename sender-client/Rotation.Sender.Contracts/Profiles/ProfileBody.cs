namespace Rotation.Sender.Contracts;

/// <summary>The profile to switch to (strict, cached-trust:&lt;seconds&gt;, first-match).</summary>
public sealed record ProfileBody(string? Profile);
