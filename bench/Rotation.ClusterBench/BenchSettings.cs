namespace Rotation.ClusterBench;

public sealed record BenchSettings(int Exchanges, int Nodes, TimeSpan Round, int Rounds, int Concurrency, string? Store)
{
    /// <summary>Every reason these settings cannot run, all at once.</summary>
    public IEnumerable<string> Problems()
    {
        if (Exchanges < 1) yield return "--exchanges must be at least 1";
        if (Nodes < 2) yield return "--nodes must be at least 2 (propagation is from one node to the others)";
        if (Round <= TimeSpan.Zero) yield return "--seconds must be positive";
        if (Rounds < 1) yield return "--rounds must be at least 1";
        if (Concurrency < 1) yield return "--concurrency must be at least 1";
    }
}
