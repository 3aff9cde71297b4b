using System.CommandLine;
using System.Globalization;
using ServerlessFlow.Azure.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Cli.Hosting;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Python;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli;

/// <summary><c>sflow run ACTION key=value… [--url URL] [--api-key KEY] [--local [--packs DIR…] [--storage CONNECTION]] [--json]</c>: runs one
/// action on a running <c>sflow serve</c> (the default) or, with <c>--local</c>, in this process, and prints the execution; an
/// Orquesta workflow's tasks are shown as they finish. Exit codes: 0 succeeded, 1 failed / timeout / canceled / abandoned /
/// server unreachable, 2 bad command line, unknown action or invalid parameters, 3 not finished (pending, e.g. core.ask).</summary>
internal static class RunCommand
{
    private static readonly TimeSpan ProgressPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Where <c>sflow serve</c> listens unless told otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Environment variable holding the datastore encryption key (base64, 32 bytes) for secrets in st2kv.</summary>
    public const string DatastoreKeyVariable = "SFLOW_DATASTORE_KEY";

    /// <summary>Builds the <c>run</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var action = new Argument<string>("action") { Description = "The action ref, pack.name (e.g. core.echo)." };
        var parameters = new Argument<string[]>("parameters")
        {
            Description = "Parameters as key=value; values are cast by the parameter's declared type (integers, booleans, JSON arrays and objects, comma lists).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var packs = new Option<string[]>("--packs")
        {
            Description = "With --local: where packs are loaded from, a pack folder or a folder of packs. Repeatable; default 'packs'. (A server runs the packs it loaded.)",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.OneOrMore,
        };
        var local = new Option<bool>("--local") { Description = "Run the action in this process instead of on sflow serve: workflows run on an in-memory Durable engine." };
        var json = new Option<bool>("--json") { Description = "Print the execution record as StackStorm's API shapes it." };
        var storage = new Option<string?>("--storage")
        {
            Description = "With --local: Azure Storage connection string, to keep the execution in Table Storage instead of memory.",
        };
        var url = new Option<string?>("--url")
        {
            Description = $"The sflow serve to run on (default ${Api.ApiCommands.UrlVariable} or {DefaultUrl}); packs are the server's.",
        };
        var configs = new Option<string?>("--configs")
        {
            Description = "With --local: pack configs folder (<pack>.yaml, StackStorm's /opt/stackstorm/configs); default 'configs' beside the first pack folder.",
        };
        var apiKey = Api.ApiCommands.ApiKeyOption();
        var run = new Command("run", "Run one action or Orquesta workflow on sflow serve (or in this process with --local) and print its execution; the exit code follows the status.");
        run.Add(action);
        run.Add(parameters);
        run.Add(packs);
        run.Add(local);
        run.Add(json);
        run.Add(storage);
        run.Add(url);
        run.Add(configs);
        run.Add(apiKey);
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            var given = parseResult.GetValue(packs) is { Length: > 0 } folders ? folders : null;
            var connection = parseResult.GetValue(storage);
            var server = parseResult.GetValue(url);
            if (parseResult.GetValue(local))
            {
                if (server is not null)
                {
                    await context.Error.WriteLineAsync("--url and --local cannot be combined: --local runs in this process, --url on a server.").ConfigureAwait(false);
                    return 2;
                }

                if (parseResult.GetResult(apiKey) is { Implicit: false })
                {
                    await context.Error.WriteLineAsync("--api-key and --local cannot be combined: the key is for a server, --local runs in this process.").ConfigureAwait(false);
                    return 2;
                }

                return await RunAsync(
                    context,
                    parseResult.GetValue(action)!,
                    parseResult.GetValue(parameters) ?? [],
                    given ?? ["packs"],
                    parseResult.GetValue(json),
                    connection,
                    parseResult.GetValue(configs),
                    cancellationToken).ConfigureAwait(false);
            }

            if (given is not null || connection is not null || parseResult.GetValue(configs) is not null)
            {
                await context.Error.WriteLineAsync(
                    $"{(given is not null ? "--packs" : connection is not null ? "--storage" : "--configs")} only applies with --local (sflow run uses the server by default, which runs the packs and storage it was started with: `sflow serve --packs DIR`).").ConfigureAwait(false);
                return 2;
            }

            server ??= ServerUrl();
            return await Api.RemoteRun.RunAsync(
                context, server, parseResult.GetValue(apiKey), parseResult.GetValue(action)!, parseResult.GetValue(parameters) ?? [], parseResult.GetValue(json), cancellationToken).ConfigureAwait(false);
        });
        return run;
    }

    private static async Task<int> RunAsync(CliContext context, string actionRef, string[] pairs, string[] packFolders, bool json, string? storage, string? configs, CancellationToken cancellationToken)
    {
        var (sources, problems) = PackFolders.Find(packFolders);
        foreach (var problem in problems)
        {
            await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }

        var catalog = PackCatalog.Create(sources.Select(source => PackLoader.Load(source)).ToList());
        var action = catalog.FindAction(actionRef);
        if (action is null)
        {
            await context.Error.WriteLineAsync(
                $"Action '{actionRef}' was not found in {string.Join(", ", packFolders)} (packs loaded: {(catalog.Packs.Count == 0 ? "none" : string.Join(", ", catalog.Packs.Select(p => p.Ref)))}).").ConfigureAwait(false);
            return 2;
        }

        var pack = catalog.FindPack(action.Pack)!;
        Dictionary<string, object?> given;
        try
        {
            given = ActionParameterResolver.CastFromText(action, ParsePairs(pairs).ToList());
        }
        catch (ArgumentException ex)
        {
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        var time = TimeProvider.System;
        var stores = RuntimeStores.InMemory();
        if (storage is not null)
        {
            var tables = await TableStorageStores.CreateAsync(storage, cancellationToken: cancellationToken).ConfigureAwait(false);
            stores = stores with
            {
                Executions = tables.Executions,
                TriggerInstances = tables.TriggerInstances,
                Inquiries = tables.Inquiries,
                KeyValues = tables.KeyValues,
            };
        }

        SecretCipher? cipher = null;
        if (Environment.GetEnvironmentVariable(DatastoreKeyVariable) is { Length: > 0 } key)
        {
            try
            {
                cipher = new SecretCipher(key);
            }
            catch (ArgumentException ex)
            {
                await context.Error.WriteLineAsync($"{DatastoreKeyVariable}: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        // Nothing listens on this process's bus: action triggers and injected triggers are stored, and reach no rule.
        // ctx().st2.api_url names the server `sflow run` would use without --local.
        var runtime = LocalRuntime.Create(
            catalog,
            RuleSet.FromCatalog(catalog).Rules,
            stores,
            new InMemoryTriggerBus(),
            time,
            cipher,
            apiKey: null,
            ServerUrl(),
            NullLoggerFactory.Instance,
            DurableBackendKind.InMemory,
            new PythonHostChoice(new PythonOptions()),
            configs ?? PackConfigs.DefaultFolder(packFolders));
        await using var python = runtime.Python!;

        ExecutionState execution;
        try
        {
            execution = WorkflowRunnerTypes.IsWorkflow(action.RunnerType)
                ? await RunWorkflowAsync(context, runtime, actionRef, given, json, cancellationToken).ConfigureAwait(false)
                : await runtime.WithoutDurableClient.Actions.RunAsync(
                    action,
                    given,
                    Path.Combine(pack.Location, "actions"),
                    new ExecutionContextState { User = Environment.UserName },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ActionParameterException ex)
        {
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        if (json)
        {
            await context.Out.WriteLineAsync(JsonText.Serialize(execution.ToPlain(), indented: true)).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync(FormatText(execution.ToPlain())).ConfigureAwait(false);
        }

        return ExitCode(execution.Status);
    }

    /// <summary>Runs a workflow on an in-process Durable engine (in memory) and waits for it, printing tasks as they finish (text
    /// mode). A workflow that pauses (e.g. on a <c>core.ask</c> inquiry) is returned paused: nothing in this process could answer
    /// or resume it, so waiting would never end.</summary>
    private static async Task<ExecutionState> RunWorkflowAsync(
        CliContext context,
        ServerlessFlowRuntime runtime,
        string actionRef,
        Dictionary<string, object?> given,
        bool json,
        CancellationToken cancellationToken)
    {
        await using LocalWorkflowHost host = await LocalWorkflowHost.StartAsync(runtime, new LocalDurableEngineOptions(), cancellationToken).ConfigureAwait(false);
        IExecutionStore executions = runtime.Stores.Executions;
        string executionId = RecordIds.New(runtime.Time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<ExecutionState> running = host.RunAsync(actionRef, given, executionId, waiting.Token);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(ProgressPoll, cancellationToken)).ConfigureAwait(false);
            if (!json)
            {
                await ShowFinishedTasksAsync(context, executions, executionId, shown, cancellationToken).ConfigureAwait(false);
            }

            if (!running.IsCompleted && await IsPausedAsync(executions, executionId, cancellationToken).ConfigureAwait(false))
            {
                var paused = (await executions.GetAsync(executionId, cancellationToken).ConfigureAwait(false))!;
                await waiting.CancelAsync().ConfigureAwait(false);
                try
                {
                    await running.ConfigureAwait(false);
                }
                catch (Exception) when (waiting.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // We stopped waiting on purpose: the workflow stays paused. (The Durable client's gRPC call can
                    // surface our cancellation as an RpcException rather than an OperationCanceledException.)
                }

                await context.Error.WriteLineAsync(
                    "The workflow (or a sub-workflow) is paused, e.g. waiting for an inquiry; with --local nothing can answer or resume it. Run it on `sflow serve` and answer with `sflow inquiry respond`.").ConfigureAwait(false);
                return paused;
            }
        }

        return await running.ConfigureAwait(false);
    }

    /// <summary>Whether the workflow, or a sub-workflow of it (which pauses on its own inquiry while its parent still runs), is paused.</summary>
    private static async Task<bool> IsPausedAsync(IExecutionStore executions, string executionId, CancellationToken cancellationToken)
    {
        if (await executions.GetAsync(executionId, cancellationToken).ConfigureAwait(false) is not { } execution || execution.Status.IsCompleted())
        {
            return false;
        }

        if (execution.Status == ExecutionStatus.Paused)
        {
            return true;
        }

        foreach (ExecutionState child in await executions.ListChildrenAsync(executionId, cancellationToken).ConfigureAwait(false))
        {
            if (WorkflowRunnerTypes.IsWorkflow(child.Runner) && await IsPausedAsync(executions, child.Id, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Prints each workflow task that has finished since the last call (to standard error, so the result stays clean).</summary>
    private static async Task ShowFinishedTasksAsync(
        CliContext context, IExecutionStore executions, string executionId, HashSet<string> shown, CancellationToken cancellationToken)
    {
        foreach (ExecutionState task in await executions.ListChildrenAsync(executionId, cancellationToken).ConfigureAwait(false))
        {
            if (task.Status.IsCompleted() && shown.Add(task.Id))
            {
                await context.Error.WriteLineAsync($"  {task.Context.ParentTaskName,-24} {task.Action,-32} {task.Status.ToApiName()}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>The server <c>sflow run</c> uses without <c>--local</c>: <c>$SFLOW_URL</c> or <see cref="DefaultUrl"/>.</summary>
    private static string ServerUrl() =>
        Environment.GetEnvironmentVariable(Api.ApiCommands.UrlVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultUrl;

    /// <summary>0 succeeded; 1 failed, timeout, canceled, abandoned; 3 still waiting (pending, paused…).</summary>
    public static int ExitCode(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Succeeded => 0,
        _ when status.IsCompleted() => 1,
        _ => 3,
    };

    /// <summary>Splits <c>key=value</c> arguments (at the first '='); throws <see cref="ArgumentException"/> naming a malformed one.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> ParsePairs(string[] pairs)
    {
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"Parameter '{pair}' is not in key=value form.");
            }

            yield return new KeyValuePair<string, string>(pair[..equals], pair[(equals + 1)..]);
        }
    }

    /// <summary>The execution as <c>sflow run</c> prints it (local or on a server), from its API shape: id, action, status with
    /// the elapsed time, timestamps, parameters and result.</summary>
    internal static string FormatText(object? execution)
    {
        string Text(string path) => Api.ApiOutput.At(execution, path) as string ?? string.Empty;
        var start = Text("start_timestamp");
        var end = Text("end_timestamp");
        var elapsed = DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started)
            && DateTimeOffset.TryParse(end, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ended)
            ? (ended - started).TotalSeconds
            : (double?)null;
        var lines = new List<string>
        {
            $"id: {Text("id")}",
            $"action.ref: {Text("action.ref")}",
            $"status: {Text("status")}" + (elapsed is { } s ? string.Create(CultureInfo.InvariantCulture, $" ({s:0.###}s elapsed)") : string.Empty),
            $"start_timestamp: {start}",
            $"end_timestamp: {end}",
            "parameters: " + JsonText.Serialize(Api.ApiOutput.At(execution, "parameters"), indented: true),
            "result: " + JsonText.Serialize(Api.ApiOutput.At(execution, "result"), indented: true),
        };
        return string.Join('\n', lines);
    }
}
