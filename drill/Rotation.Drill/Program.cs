using Rotation.Drill.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await DrillCli.RunAsync(args, Console.Out, stop.Token);
