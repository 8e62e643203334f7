using Rotation.Sender.Cli;

return await SenderCli.RunAsync(args);
