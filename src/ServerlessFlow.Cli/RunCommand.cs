using System.CommandLine;
using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Cli;

/// <summary>
/// <c>sflow run &lt;action-ref&gt; key=value… --local</c>: runs an action (an Orquesta workflow on
/// the in-process Durable engine) to the end, shows workflow tasks as they finish and prints the
/// result. Exit 0 when it succeeded, 1 when it did not, 2 on bad input.
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan ProgressPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Builds the <c>run</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var actionRef = new Argument<string>("action-ref") { Description = "The action to run, pack.name." };
        var parameters = new Argument<string[]>("parameters")
        {
            Description = "Parameters as key=value; values that parse as JSON (3, true, [1,2], {\"a\":1}) are passed typed.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var packs = new Option<string[]>("--packs")
        {
            Description = "Pack folders (a pack, or a folder of packs) to load besides ./packs (repeatable).",
            AllowMultipleArgumentsPerToken = true,
        };
        var local = new Option<bool>("--local") { Description = "Run in this process (in-memory Durable engine and stores) with no server." };
        var json = new Option<bool>("--json") { Description = "Print the execution as JSON (id, action, status, result, tasks)." };
        var run = new Command("run", "Run an action or workflow and print its result (exit 0 succeeded, 1 otherwise, 2 bad input).")
        {
            actionRef, parameters, packs, local, json,
        };
        run.SetAction((parse, cancellationToken) => RunAsync(
            context,
            parse.GetValue(actionRef)!,
            parse.GetValue(parameters) ?? [],
            parse.GetValue(packs) ?? [],
            parse.GetValue(local),
            parse.GetValue(json),
            cancellationToken));
        return run;
    }

    /// <summary>Parses <c>key=value</c> words; a value that parses as JSON keeps its type, anything else is a string.</summary>
    internal static Dictionary<string, object?> ParseParameters(IEnumerable<string> words)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string word in words)
        {
            int equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"Parameter '{word}' is not key=value.");
            }

            string value = word[(equals + 1)..];
            parameters[word[..equals]] = JsonText.TryParse(value, out object? parsed, out _) ? parsed : value;
        }

        return parameters;
    }

    private static async Task<int> RunAsync(
        CliContext context, string actionRef, string[] words, string[] packFolders, bool local, bool json, CancellationToken cancellationToken)
    {
        if (!local)
        {
            await context.Error.WriteLineAsync(
                "sflow run without --local talks to `sflow serve`, which this build does not have yet; add --local to run in this process.").ConfigureAwait(false);
            return 2;
        }

        Dictionary<string, object?> parameters;
        try
        {
            parameters = ParseParameters(words);
        }
        catch (ArgumentException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        var folders = new List<string>(packFolders);
        if (Directory.Exists("packs"))
        {
            folders.Insert(0, "packs");
        }

        var (sources, problems) = PackFolders.Find(folders);
        foreach (PackDiagnostic problem in problems.Where(p => p.IsError))
        {
            await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }

        PackCatalog catalog = PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
        if (catalog.FindAction(actionRef) is null)
        {
            await context.Error.WriteLineAsync(
                $"Action {actionRef} is not in the loaded packs ({string.Join(", ", catalog.Packs.Select(p => p.Ref).Order(StringComparer.Ordinal))}); add its folder with --packs.").ConfigureAwait(false);
            return 2;
        }

        await using LocalWorkflowHost host = await LocalWorkflowHost.StartAsync(
            catalog, new LocalDurableEngineOptions(), cancellationToken: cancellationToken).ConfigureAwait(false);
        ExecutionState execution;
        try
        {
            string executionId = RecordIds.New(host.Time);
            Task<ExecutionState> running = host.RunAsync(actionRef, parameters, executionId, cancellationToken);
            await ShowProgressAsync(context, host, executionId, running, json, cancellationToken).ConfigureAwait(false);
            execution = await running.ConfigureAwait(false);
        }
        catch (ActionParameterException e)
        {
            await context.Error.WriteLineAsync($"Bad parameters for {actionRef}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        IReadOnlyList<ExecutionState> tasks = await host.Executions.ListChildrenAsync(execution.Id, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            var plain = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = execution.Id,
                ["action"] = execution.Action,
                ["status"] = execution.Status.ToApiName(),
                ["result"] = execution.Result,
                ["tasks"] = tasks.Select(t => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["id"] = t.Id,
                    ["task"] = t.Context.ParentTaskName,
                    ["action"] = t.Action,
                    ["status"] = t.Status.ToApiName(),
                }).ToList(),
            };
            await context.Out.WriteLineAsync(JsonText.Serialize(plain, indented: true)).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync($"id: {execution.Id}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"action: {execution.Action}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"status: {execution.Status.ToApiName()}").ConfigureAwait(false);
            await context.Out.WriteLineAsync("result:").ConfigureAwait(false);
            await context.Out.WriteLineAsync(JsonText.Serialize(execution.Result, indented: true)).ConfigureAwait(false);
        }

        return execution.Status == ExecutionStatus.Succeeded ? 0 : 1;
    }

    /// <summary>Prints each workflow task as it finishes (to standard error, so the result stays clean).</summary>
    private static async Task ShowProgressAsync(
        CliContext context, LocalWorkflowHost host, string executionId, Task running, bool json, CancellationToken cancellationToken)
    {
        var shown = new HashSet<string>(StringComparer.Ordinal);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(ProgressPoll, cancellationToken)).ConfigureAwait(false);
            if (json)
            {
                continue;
            }

            foreach (ExecutionState task in await host.Executions.ListChildrenAsync(executionId, cancellationToken).ConfigureAwait(false))
            {
                if (task.Status.IsCompleted() && shown.Add(task.Id))
                {
                    await context.Error.WriteLineAsync($"  {task.Context.ParentTaskName,-24} {task.Action,-32} {task.Status.ToApiName()}").ConfigureAwait(false);
                }
            }
        }
    }
}
