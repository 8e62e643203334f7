namespace Rotation.Drill.Load;

/// <summary>One request of a load phase: when it was due and sent, when it completed, and who signed the answer.</summary>
public readonly record struct LoadSample(long DueTicks, long SentTicks, long CompletedTicks, bool Ok, string? Fingerprint);
