using System.Text.Json.Serialization;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Load;

/// <summary>How the end-to-end load benchmark runs.</summary>
public sealed record LoadSettings
{
    /// <summary>Length of each measured phase; a closed-loop phase is preceded by a warm-up until its rate settles (two to four times this).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Requests in flight in the closed-loop (throughput) phases.</summary>
    public int Concurrency { get; init; } = 32;
    /// <summary>The open-loop rate whose latency is measured.</summary>
    public double LatencyRate { get; init; } = 300;
    [JsonConverter(typeof(KeyAlgorithmJsonConverter))]
    public KeyAlgorithm InitialKey { get; init; } = KeyAlgorithm.Rsa2048;
}
