namespace Rotation.Drill.Soak;

/// <summary>Resident memory of both processes at one moment of the soak.</summary>
public sealed record MemorySample(double Offset, int Rotation, long TenantBytes, long SenderBytes);
