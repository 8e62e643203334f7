using System.Text.Json.Serialization;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Soak;

/// <summary>How long and how hard the soak runs.</summary>
public sealed record SoakSettings
{
    public int Rotations { get; init; } = 100;
    public double Rate { get; init; } = 200;
    public int Concurrency { get; init; } = 16;
    /// <summary>Traffic observed after each step that changes keys or trust.</summary>
    public TimeSpan Dwell { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>The tenant's first key pair (its --initial-key); new key pairs take the same.</summary>
    [JsonConverter(typeof(KeyAlgorithmJsonConverter))]
    public KeyAlgorithm InitialKey { get; init; } = KeyAlgorithm.Rsa2048;
    /// <summary>Memory is bounded when the last quarter's peak stays within this factor of the first quarter's, plus <see cref="MemorySlackBytes"/>.</summary>
    public double MemoryGrowthFactor { get; init; } = 1.5;
    public long MemorySlackBytes { get; init; } = 48L * 1024 * 1024;
}
