using BenchmarkDotNet.Running;
using Rotation.Benchmarks;

// `dotnet run -c Release --project bench/Rotation.Benchmarks -- --filter '*'` runs them all;
// see README for the short job used in issue notes. `-- cpu-time` prints the rejection envelopes' processor time.
if (args is ["cpu-time"]) CpuTimeReport.Run(Console.Out);
else BenchmarkSwitcher.FromAssembly(typeof(SignAndVerifyBenchmarks).Assembly).Run(args);
