using System.CommandLine;
using Rotation.ClusterBench;

// dotnet run -c Release --project bench/Rotation.ClusterBench -- [--exchanges 100] [--nodes 3] [--seconds 5] [--rounds 8] [--concurrency 16] [--store CONNECTION]
var exchanges = new Option<int>("--exchanges") { Description = "Key exchanges whose propagation is measured (at least 100 for the p99).", DefaultValueFactory = _ => 100 };
var nodes = new Option<int>("--nodes") { Description = "Tenant nodes, in-process, on one PostgreSQL.", DefaultValueFactory = _ => 3 };
var seconds = new Option<double>("--seconds") { Description = "Seconds of each store's share of a signing throughput round.", DefaultValueFactory = _ => 5 };
var rounds = new Option<int>("--rounds") { Description = "Signing throughput rounds (each measures both stores, in alternating order).", DefaultValueFactory = _ => 8 };
var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight in the throughput rounds.", DefaultValueFactory = _ => 16 };
var store = new Option<string?>("--store") { Description = "An Npgsql connection string to an empty database; default: a throwaway PostgreSQL 15 cluster (Debian's package)." };
var root = new RootCommand("Measures the tenant as a cluster (docs/DESIGN.md §8): propagation of key exchanges to every node, and a node's signing throughput on PostgreSQL against the data directory.")
{
    exchanges, nodes, seconds, rounds, concurrency, store,
};
root.SetAction(async (parse, cancellation) =>
{
    var settings = new BenchSettings(parse.GetValue(exchanges), parse.GetValue(nodes), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(rounds), parse.GetValue(concurrency), parse.GetValue(store));
    if (settings.Problems().ToList() is { Count: > 0 } problems)
    {
        foreach (var problem in problems) await Console.Error.WriteLineAsync(problem);
        return 2;
    }
    return await ClusterBenchmark.RunAsync(settings, Console.Out, cancellation);
});
return await root.Parse(args).InvokeAsync();
