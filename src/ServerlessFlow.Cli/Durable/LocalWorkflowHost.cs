using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Runners.Mail;
using ServerlessFlow.Runtime.Runners.Remote;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// The runtime wired to the local Durable engine: loaded packs, stores, runners (the orquesta
/// runner hands workflows to the Durable workflow orchestrator), and the action use case. What
/// <c>sflow run --local</c> uses (in-memory stores and backend), and the core of <c>sflow serve</c>.
/// </summary>
internal sealed class LocalWorkflowHost : IAsyncDisposable
{
    private readonly LocalDurableEngine engine;

    private LocalWorkflowHost(
        LocalDurableEngine engine, PackCatalog catalog, IExecutionStore executions, IInquiryStore inquiries, TimeProvider time, WorkflowPayloads payloads)
    {
        this.engine = engine;
        Catalog = catalog;
        Executions = executions;
        Inquiries = inquiries;
        Time = time;
        Actions = engine.Services.GetRequiredService<ActionExecutionService>();
        Workflows = new WorkflowOrchestrationClient(engine.Client, payloads);
    }

    /// <summary>The loaded packs.</summary>
    public PackCatalog Catalog { get; }

    /// <summary>Where executions (workflows and their tasks) are recorded.</summary>
    public IExecutionStore Executions { get; }

    /// <summary>Where inquiries are kept.</summary>
    public IInquiryStore Inquiries { get; }

    /// <summary>The clock of record timestamps and new ids.</summary>
    public TimeProvider Time { get; }

    /// <summary>The action use case (runs any action; workflows start an orchestration).</summary>
    public ActionExecutionService Actions { get; }

    /// <summary>Start, signal, answer and wait for workflow orchestrations.</summary>
    public WorkflowOrchestrationClient Workflows { get; }

    /// <summary>
    /// Starts the Durable engine with the workflow orchestrator over <paramref name="catalog"/>'s workflows.
    /// Results too large for orchestration history go to <paramref name="payloads"/> (in memory when not given).
    /// Action triggers and <c>core.inject_trigger</c> go to <paramref name="triggers"/> (<c>sflow serve</c> passes the
    /// dispatcher its rules listen on; without one they are kept in memory and reach no rule), and <c>st2kv</c> in
    /// action parameters and workflow expressions reads <paramref name="keyValues"/>.
    /// </summary>
    public static async Task<LocalWorkflowHost> StartAsync(
        PackCatalog catalog,
        LocalDurableEngineOptions engineOptions,
        IExecutionStore? executions = null,
        IInquiryStore? inquiries = null,
        TimeProvider? time = null,
        IPayloadStore? payloads = null,
        TriggerDispatcher? triggers = null,
        IKeyValueLookup? keyValues = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(engineOptions);
        IExecutionStore executionStore = executions ?? new InMemoryExecutionStore();
        IInquiryStore inquiryStore = inquiries ?? new InMemoryInquiryStore();
        TimeProvider clock = time ?? TimeProvider.System;
        var remoteOptions = RemoteRunnerOptions.FromEnvironment();
        var workflowPayloads = new WorkflowPayloads(payloads ?? new InMemoryPayloadStore());
        var stepper = new OrquestaWorkflowStepper(WorkflowDefinitions.Load(catalog), keyValues: keyValues);
        TriggerDispatcher dispatcher = triggers ?? new TriggerDispatcher(new InMemoryTriggerInstanceStore(), new InMemoryTriggerBus(), clock);

        var options = new LocalDurableEngineOptions
        {
            Backend = engineOptions.Backend,
            StorageConnectionString = engineOptions.StorageConnectionString,
            TaskHubName = engineOptions.TaskHubName,
            SidecarPort = engineOptions.SidecarPort,
            MaxConcurrentWorkItems = engineOptions.MaxConcurrentWorkItems,
            MaxQueuePollingInterval = engineOptions.MaxQueuePollingInterval,
            LoggerFactory = engineOptions.LoggerFactory,
            Tasks = registry => DurableWorkflowTasks.Register(registry, stepper),
            ConfigureServices = services =>
            {
                services.AddSingleton(sp => new ActionExecutionService(
                    executionStore,
                    new RunnerRegistry(
                    [
                        new LocalShellCommandRunner(clock),
                        new LocalShellScriptRunner(clock),
                        new RemoteShellCommandRunner(clock, remoteOptions),
                        new RemoteShellScriptRunner(clock, remoteOptions),
                        new HttpRequestRunner(clock),
                        new NoopRunner(),
                        new InquirerRunner(inquiryStore, clock, dispatcher),
                        new OrquestaRunner(new DurableWorkflowDriver(
                            new WorkflowOrchestrationClient(sp.GetRequiredService<DurableTaskClient>(), workflowPayloads), executionStore)),
                        new BuiltinActionRunner(clock, dispatcher),
                    ],
                    [new(SendMailAction.ActionRef, new SendMailAction(SmtpOptions.FromEnvironment(), clock))]),
                    RunnerTypeCatalog.Default,
                    clock,
                    dispatcher,
                    keyValues: keyValues,
                    findAction: catalog.FindAction));
                services.AddSingleton<IActionTaskRunner>(sp => new ActionTaskRunner(sp.GetRequiredService<ActionExecutionService>(), catalog));
                services.AddSingleton<IWorkflowExecutionRecorder>(sp => new ExecutionWorkflowRecorder(executionStore, sp.GetRequiredService<ActionExecutionService>()));
                services.AddSingleton(workflowPayloads);
            },
        };
        LocalDurableEngine engine = await LocalDurableEngine.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new LocalWorkflowHost(engine, catalog, executionStore, inquiryStore, clock, workflowPayloads);
    }

    /// <summary>
    /// Runs an action to the end: a workflow is started durably and waited for. Throws
    /// <see cref="ActionParameterException"/> (nothing recorded) for bad parameters and
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
        if (action.RunnerType == "orquesta" && !execution.Status.IsCompleted())
        {
            await Workflows.WaitAsync(executionId, cancellationToken).ConfigureAwait(false);
            execution = await Executions.GetAsync(executionId, cancellationToken).ConfigureAwait(false) ?? execution;
        }

        return execution;
    }

    /// <summary>Stops the Durable engine.</summary>
    public ValueTask DisposeAsync() => engine.DisposeAsync();
}
