using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Python;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Runners.Mail;
using ServerlessFlow.Runtime.Runners.Remote;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>
/// The runtime, composed once from a host's <see cref="RuntimeHostChoices"/>: the dispatch use case, the key-value store,
/// the webhook handler and timer sensor (shared by <c>sflow serve</c> and the Functions app), the workflow definitions and
/// the Durable orchestrator, the action runners. What starts or steers workflows needs a Durable client and comes from
/// <see cref="Connect"/>. <c>sflow serve</c>, <c>sflow run --local</c> and the Functions app all compose through here.
/// </summary>
public sealed class ServerlessFlowRuntime
{
    private readonly ExpressionEngine parameterExpressions = new();
    private readonly IReadOnlyList<IActionRunner> runners;
    private readonly SemaphoreSlim reloading = new(1, 1);
    private PackContent content;
    private RuntimeConnection? withoutDurableClient;

    private ServerlessFlowRuntime(RuntimeHostChoices choices)
    {
        Choices = choices;

        // Every execution write goes through the stream's store, so /api/v1/stream shows what the engine stored,
        Events = new ApiEventHub();
        // and the log tells each execution's story (workflow, task, action; start and end, with the trace tag).
        var logged = new LoggedExecutionStore(choices.Stores.Executions, choices.Loggers.CreateLogger("sflow.executions"));
        Stores = choices.Stores with { Executions = new StreamingExecutionStore(logged, Events, new ExecutionView(choices.Catalog, choices.Time)) };
        Triggers = new TriggerDispatcher(
            choices.Stores.TriggerInstances,
            choices.Bus,
            choices.Time,
            trigger => Catalog.FindTriggerType(trigger)?.PayloadSchema is { } schema ? new Dictionary<string, object?>(schema, StringComparer.Ordinal) : null);
        KeyValues = new KeyValueService(choices.Stores.KeyValues, choices.DatastoreCipher, choices.Time, Triggers);
        Configs = new PackConfigs(choices.ConfigsFolder, KeyValues);
        RulesInForce = new RuleRegistry(choices.Catalog, choices.Time, Configs);
        Payloads = new WorkflowPayloads(choices.Stores.Payloads, choices.DurableInlineLimit);
        WorkflowDefinitions = WorkflowDefinitions.Load(choices.Catalog);
        Workflows = new WorkflowEngineStepper(WorkflowDefinitions, choices.ApiUrl, keyValues: KeyValues);
        Orchestrator = new WorkflowOrchestrator(Workflows, choices.DurableInlineLimit);
        content = new PackContent(1, choices.Catalog, choices.Rules);
        Webhooks = new WebhookHandler(
            new TriggerWebhookDispatcher(Triggers, () => RulesInForce.Webhooks, choices.Time),
            choices.WebhookLimits,
            choices.WebhookAccess,
            choices.Time,
            choices.Loggers.CreateLogger<WebhookHandler>());
        Timers = new TimerSensor(
            new RuleTimerSource(() => Content.Rules), new DispatcherTimerFireSink(Triggers), choices.TimerWindow, choices.Time, choices.Loggers.CreateLogger<TimerSensor>());
        if (choices.Python is { } python)
        {
            var logger = choices.Loggers.CreateLogger("ServerlessFlow.Python");
            Python = PythonRuntime.Create(python.Options, () => Catalog, Configs, KeyValues, Triggers, (source, line) => LogPython(logger, source, line));
        }

        if (choices.Packs is { } packs)
        {
            Packs = new PackManagement(this, packs);
        }

        runners =
        [
            new LocalShellCommandRunner(choices.Time),
            new LocalShellScriptRunner(choices.Time),
            new HttpRequestRunner(choices.Time),
            new NoopRunner(),
            new InquirerRunner(choices.Stores.Inquiries, choices.Time, Triggers),
            new BuiltinActionRunner(choices.Time, Triggers, Python?.Runner),
            new RemoteShellCommandRunner(choices.Time, choices.RemoteRunners),
            new RemoteShellScriptRunner(choices.Time, choices.RemoteRunners),
            .. choices.Announcements is { } announcements ? [new AnnouncementRunner(announcements)] : Array.Empty<IActionRunner>(),
        ];
        NativeActions =
        [
            new(SendMailAction.ActionRef, new SendMailAction(choices.Smtp, choices.Time)),
            .. Packs is null ? [] : PackActions.ActionRefs.Select(r => new KeyValuePair<string, IActionRunner>(r, new PackActions(Packs))),
        ];
    }

    /// <summary>Core actions implemented natively whatever their runner (<c>core.sendmail</c>).</summary>
    internal IReadOnlyList<KeyValuePair<string, IActionRunner>> NativeActions { get; }

    /// <summary>Pack Python: the worker pool behind python-script actions, and sensors (null when the host runs no Python).
    /// The host disposes it when it stops.</summary>
    public PythonRuntime? Python { get; }

    /// <summary>What the host chose.</summary>
    public RuntimeHostChoices Choices { get; }

    /// <summary>The packs running now, with their compiled rules (swapped whole by <see cref="ReloadAsync"/>).</summary>
    public PackContent Content => Volatile.Read(ref content);

    /// <summary>The loaded packs (now: they change when packs are installed or reloaded).</summary>
    public PackCatalog Catalog => Content.Catalog;

    /// <summary>The packs' compiled rules (now).</summary>
    public IReadOnlyList<CompiledRule> Rules => Content.Rules;

    /// <summary>Installs, removes and reloads packs while the host runs; null when the host's packs are fixed.</summary>
    public PackManagement? Packs { get; }

    /// <summary>The stores.</summary>
    public RuntimeStores Stores { get; }

    /// <summary>The rules in force: the packs' rules, changed through the API where the host allows it.</summary>
    public RuleRegistry RulesInForce { get; }

    /// <summary>The events behind <c>/api/v1/stream</c> (what this process stores).</summary>
    public ApiEventHub Events { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time => Choices.Time;

    /// <summary>Rules left out of evaluation, and criteria that can never pass.</summary>
    public IReadOnlyList<string> RuleProblems => RulesInForce.Compiled.Problems;

    /// <summary>Dispatches trigger instances (validated, stored, published on the bus).</summary>
    public TriggerDispatcher Triggers { get; }

    /// <summary>The workflow definitions of the loaded packs (the stepper runs them; the API draws their graphs): those new
    /// executions start with, and every Orquesta version an execution was pinned to.</summary>
    public WorkflowDefinitions WorkflowDefinitions { get; }

    /// <summary>The key-value store use case (secrets encrypted with the host's datastore key).</summary>
    public KeyValueService KeyValues { get; }

    /// <summary>Pack configurations (<c>config_context</c>, <c>self.config</c>), read from <see cref="RuntimeHostChoices.ConfigsFolder"/>.</summary>
    public PackConfigs Configs { get; }

    /// <summary>Large workflow JSON offloaded to the payload store.</summary>
    public WorkflowPayloads Payloads { get; }

    /// <summary>The workflow logic (Orquesta and ActionChain engines) the orchestrator loops around.</summary>
    public IWorkflowStepper Workflows { get; }

    /// <summary>The Durable workflow orchestrator (one object serves every instance).</summary>
    public WorkflowOrchestrator Orchestrator { get; }

    /// <summary><c>POST /api/v1/webhooks/{url}</c>.</summary>
    public WebhookHandler Webhooks { get; }

    /// <summary>The timer sensor.</summary>
    public TimerSensor Timers { get; }

    /// <summary>
    /// The runtime without a Durable client, for code that never starts or steers a workflow: the orchestrator's activities
    /// (task actions, workflow records; sub-workflows are sub-orchestrations) and API resources that only read, store keys or
    /// re-emit triggers. An attempt to reach a workflow through it fails saying so.
    /// </summary>
    public RuntimeConnection WithoutDurableClient => withoutDurableClient ??= Connect(
        new NoOrchestrationClient("this part of the runtime was composed without a Durable client (activities and non-workflow API resources never start or steer workflows)."));

    [SuppressMessage("Performance", "CA1848:Use the LoggerMessage delegates", Justification = "Python output lines are free text from pack code; one call site.")]
    private static void LogPython(ILogger logger, string source, string line) => logger.LogInformation("python {Source}: {Line}", source, line);

    /// <summary>Composes the runtime; reads the workflow definitions of the packs once.</summary>
    public static ServerlessFlowRuntime Create(RuntimeHostChoices choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return new ServerlessFlowRuntime(choices);
    }

    /// <summary>
    /// The runtime bound to a Durable client of the worker's task hub: the action use case whose <c>orquesta</c> runner starts
    /// workflow orchestrations through it, rule evaluation, the read/run API, and what the orchestrator's activities run.
    /// Cheap: the rules, runners and workflow definitions are compiled once, here, not per connection.
    /// </summary>
    public RuntimeConnection Connect(IOrchestrationClient orchestrations)
    {
        ArgumentNullException.ThrowIfNull(orchestrations);
        return new RuntimeConnection(this, new WorkflowOrchestrationClient(orchestrations, Payloads), runners, parameterExpressions);
    }

    /// <summary>
    /// Runs <paramref name="packs"/> from now on, without a restart: new rule evaluations, webhooks and timer ticks read the
    /// new rules, new executions start with the new actions and workflow definitions, Python sensors of packs that changed are
    /// restarted (new ones started, removed ones stopped) and warm Python workers of changed packs retired. Executions already
    /// running are untouched: each workflow replays the definition it started with. One reload at a time.
    /// </summary>
    public async Task<PackReload> ReloadAsync(LoadedPacks packs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packs);
        await reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = Content;
            var next = new PackContent(previous.Generation + 1, packs.Catalog, packs.Rules);

            // Definitions first, so an execution that reads the new catalogue finds its workflow's new definition.
            WorkflowDefinitions.Update(packs.Catalog);
            Volatile.Write(ref content, next);
            RulesInForce.Reload(packs.Catalog);

            var before = previous.Catalog.Packs.ToDictionary(p => p.Ref, StringComparer.Ordinal);
            var after = packs.Catalog.Packs.ToDictionary(p => p.Ref, StringComparer.Ordinal);
            var changed = after.Values.Where(p => before.TryGetValue(p.Ref, out var old) && !SameContent(old, p)).Select(p => p.Ref).ToList();
            if (Python is not null)
            {
                await Python.ReloadAsync(changed.Concat(before.Keys.Where(r => !after.ContainsKey(r))).ToList(), cancellationToken).ConfigureAwait(false);
            }

            return new PackReload(
                next.Generation,
                [.. after.Keys.Where(r => !before.ContainsKey(r)).Order(StringComparer.Ordinal)],
                [.. changed.Order(StringComparer.Ordinal).Select(r => $"{r} {before[r].Version ?? "?"} -> {after[r].Version ?? "?"}")],
                [.. before.Keys.Where(r => !after.ContainsKey(r)).Order(StringComparer.Ordinal)],
                new Dictionary<string, long>(StringComparer.Ordinal)
                {
                    ["packs"] = packs.Catalog.Packs.Count,
                    ["actions"] = packs.Catalog.Packs.Sum(p => p.Actions.Count),
                    ["rules"] = packs.Catalog.Packs.Sum(p => p.Rules.Count),
                    ["sensors"] = packs.Catalog.Packs.Sum(p => p.Sensors.Count),
                    ["triggers"] = packs.Catalog.Packs.Sum(p => p.TriggerTypes.Count),
                },
                packs.Problems);
        }
        finally
        {
            reloading.Release();
        }
    }

    private static bool SameContent(PackSpec a, PackSpec b) =>
        a.ContentHash is not null && b.ContentHash is not null ? a.ContentHash == b.ContentHash : ReferenceEquals(a, b);
}
