using System.CommandLine;

namespace ServerlessFlow.Cli;

/// <summary>The <c>sflow</c> root command: one subcommand group per feature.</summary>
internal static class SflowCommand
{
    /// <summary>Builds the command tree with every feature's commands.</summary>
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("sflow: run StackStorm packs, rules and Orquesta workflows on one machine or on Azure.");
        root.Subcommands.Add(PackCommand.Create(context));
        root.Subcommands.Add(ExprCommand.Build(context));
        root.Subcommands.Add(RuleCommand.Create(context));
        root.Subcommands.Add(WorkflowCommand.Build(context));
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(Serve.ServeCommand.Create(context));
        foreach (var command in Api.ApiCommands.Create(context)) { root.Subcommands.Add(command); }
        return root;
    }

    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error);
        var root = Build(context);
        var parse = root.Parse(args);
        // Ctrl+C and SIGTERM cancel the command; sflow serve then drains (evaluations in hand finish, the Durable backend lets
        // go of its queues), which needs more than System.CommandLine's default 2 s before it ends the process.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        return await parse.InvokeAsync(configuration).ConfigureAwait(false);
    }
}
