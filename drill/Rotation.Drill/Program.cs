using Rotation.Drill.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks the drill to stop, restore both services and write its partial report; a second one ends the process at once.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};
return await DrillCli.RunAsync(args, Console.Out, stop.Token);
