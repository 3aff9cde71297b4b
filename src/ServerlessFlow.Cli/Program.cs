using ServerlessFlow.Cli;

return await SflowCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
