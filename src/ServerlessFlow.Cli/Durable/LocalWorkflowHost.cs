using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Cli.Hosting;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// The runtime on the local Durable engine: the engine runs the runtime's orchestrator and activities, and the runtime is
/// connected to the engine's client (the orquesta runner starts workflows through it). What <c>sflow run --local</c> uses,
/// and the core of <c>sflow serve</c>.
/// </summary>
internal sealed class LocalWorkflowHost : IAsyncDisposable
{
    private readonly LocalDurableEngine engine;

    private LocalWorkflowHost(LocalDurableEngine engine, ServerlessFlowRuntime runtime)
    {
        this.engine = engine;
        Runtime = runtime;
        Connection = runtime.Connect(engine.Client);
    }

    /// <summary>The composed runtime.</summary>
    public ServerlessFlowRuntime Runtime { get; }

    /// <summary>The runtime connected to the engine's client.</summary>
    public RuntimeConnection Connection { get; }

    /// <summary>DurableTask.Core's client of the engine's task hub (orchestration states and histories).</summary>
    public DurableTask.Core.TaskHubClient TaskHub => engine.TaskHub;

    /// <summary>The loaded packs.</summary>
    public PackCatalog Catalog => Runtime.Catalog;

    /// <summary>Where executions (workflows and their tasks) are recorded.</summary>
    public IExecutionStore Executions => Runtime.Stores.Executions;

    /// <summary>The clock of record timestamps and new ids.</summary>
    public TimeProvider Time => Runtime.Time;

    /// <summary>The action use case (runs any action; workflows start an orchestration).</summary>
    public Runtime.Actions.ActionExecutionService Actions => Connection.Actions;

    /// <summary>Start, signal, answer and wait for workflow orchestrations.</summary>
    public WorkflowOrchestrationClient Workflows => Connection.Workflows;

    /// <summary>Starts the Durable engine running <paramref name="runtime"/>'s orchestrator and activities.</summary>
    public static async Task<LocalWorkflowHost> StartAsync(ServerlessFlowRuntime runtime, LocalDurableEngineOptions engineOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(engineOptions);
        var options = new LocalDurableEngineOptions
        {
            Backend = engineOptions.Backend,
            StorageConnectionString = engineOptions.StorageConnectionString,
            TaskHubName = engineOptions.TaskHubName,
            MaxConcurrentWorkItems = engineOptions.MaxConcurrentWorkItems,
            MaxQueuePollingInterval = engineOptions.MaxQueuePollingInterval,
            PartitionCount = engineOptions.PartitionCount,
            ExtendedSessionIdleTimeout = engineOptions.ExtendedSessionIdleTimeout,
            LoggerFactory = engineOptions.LoggerFactory,
            Tasks = tasks =>
            {
                tasks.AddOrchestrator(DurableNames.WorkflowOrchestrator, runtime.Orchestrator);
                foreach ((string name, Func<Microsoft.DurableTask.ITaskActivity> create) in DurableWorkflowTasks.Activities(runtime))
                {
                    tasks.AddActivity(name, create);
                }
            },
        };
        LocalDurableEngine engine = await LocalDurableEngine.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new LocalWorkflowHost(engine, runtime);
    }

    /// <summary>
    /// Starts the engine over a runtime composed for this process (in-memory stores unless given, no API key, the default
    /// server address as <c>ctx().st2.api_url</c>): tests and tools that run workflows without a server.
    /// </summary>
    public static Task<LocalWorkflowHost> StartAsync(
        PackCatalog catalog, LocalDurableEngineOptions engineOptions, RuntimeStores? stores = null, SecretCipher? datastoreCipher = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(engineOptions);
        var runtime = LocalRuntime.Create(
            catalog,
            Core.Rules.Matching.RuleSet.FromCatalog(catalog).Rules,
            stores ?? RuntimeStores.InMemory(),
            new InMemoryTriggerBus(),
            TimeProvider.System,
            datastoreCipher,
            apiKey: null,
            RunCommand.DefaultUrl,
            NullLoggerFactory.Instance,
            engineOptions.Backend,
            python: null,
            configsFolder: null);
        return StartAsync(runtime, engineOptions, cancellationToken);
    }

    /// <summary>
    /// Runs an action to the end: a workflow is started durably and waited for. Throws
    /// <see cref="Runtime.Actions.ActionParameterException"/> (nothing recorded) for bad parameters and
    /// <see cref="ArgumentException"/> for an unknown action.
    /// </summary>
    public async Task<ExecutionState> RunAsync(
        string actionRef, Dictionary<string, object?> parameters, string? executionId = null, CancellationToken cancellationToken = default)
    {
        ActionSpec action = Catalog.FindAction(actionRef)
            ?? throw new ArgumentException($"Action {actionRef} is not in any loaded pack.", nameof(actionRef));
        PackSpec pack = Catalog.FindPack(action.Pack)
            ?? throw new ArgumentException($"Pack {action.Pack} of action {actionRef} is not loaded.", nameof(actionRef));
        executionId ??= RecordIds.New(Time);
        ExecutionState execution = await Actions.RunAsync(
            action, parameters, Path.Combine(pack.Location, "actions"), executionId: executionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (WorkflowRunnerTypes.IsWorkflow(action.RunnerType) && !execution.Status.IsCompleted())
        {
            await Workflows.WaitAsync(executionId, cancellationToken).ConfigureAwait(false);
            execution = await Executions.GetAsync(executionId, cancellationToken).ConfigureAwait(false) ?? execution;
        }

        return execution;
    }

    /// <summary>Stops the Durable engine.</summary>
    public ValueTask DisposeAsync() => engine.DisposeAsync();
}
