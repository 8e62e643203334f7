using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Rotation.Benchmarks -- --filter '*'` runs them all;
// see README for the short job used in issue notes.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
