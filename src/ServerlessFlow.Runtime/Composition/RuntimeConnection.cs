using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Policies;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>The runtime bound to one Durable client (<see cref="ServerlessFlowRuntime.Connect"/>): everything that starts or
/// steers workflows. Its parts follow the packs: after a pack install or reload the next call gets parts built over the new
/// packs, while work already under way keeps the parts it started with.</summary>
public sealed class RuntimeConnection
{
    private readonly ServerlessFlowRuntime runtime;
    private readonly IReadOnlyList<IActionRunner> runners;
    private readonly ExpressionEngine expressions;
    private readonly Lock building = new();
    private Parts? parts;

    internal RuntimeConnection(ServerlessFlowRuntime runtime, WorkflowOrchestrationClient workflows, IReadOnlyList<IActionRunner> runners, ExpressionEngine expressions)
    {
        this.runtime = runtime;
        this.runners = runners;
        this.expressions = expressions;
        Workflows = workflows;
    }

    /// <summary>The runtime this connection belongs to.</summary>
    public ServerlessFlowRuntime Runtime => runtime;

    /// <summary>Start, signal, answer and wait for workflow orchestrations.</summary>
    public WorkflowOrchestrationClient Workflows { get; }

    /// <summary>The action use case: runs any action; a workflow (Orquesta, ActionChain) starts its orchestration.</summary>
    public ActionExecutionService Actions => Current.Actions;

    /// <summary>Rule evaluation for trigger instances read from the bus.</summary>
    public RuleEvaluationService RuleEvaluation => Current.RuleEvaluation;

    /// <summary>Runs chat commands through action aliases (the API's <c>aliasexecution</c> and the chat endpoints).</summary>
    public Aliases.AliasExecutionService Aliases => Current.Aliases;

    /// <summary>The transport-free chat handler the Slack and Teams endpoints hand commands to.</summary>
    public ChatOps.ChatHandler Chat => Current.Chat;

    /// <summary>The read/run API.</summary>
    public ReadRunApi Api => Current.Api;

    /// <summary>Pause/resume/cancel and inquiry answers.</summary>
    public IWorkflowControl Control => Current.Control;

    /// <summary>What the run-action activity runs.</summary>
    public IActionTaskRunner ActionTasks => Current.ActionTasks;

    /// <summary>What the record-workflow activity writes through.</summary>
    public IWorkflowExecutionRecorder WorkflowRecorder => Current.WorkflowRecorder;

    /// <summary>Inquiry answers and expiry (st2's inquiry service and its ttl garbage collection).</summary>
    public InquiryService Inquiries => Current.Inquiries;

    /// <summary>The parts over the packs running now (rebuilt once per pack generation).</summary>
    private Parts Current
    {
        get
        {
            var content = runtime.Content;
            var current = Volatile.Read(ref parts);
            if (current is not null && ReferenceEquals(current.Content, content))
            {
                return current;
            }

            lock (building)
            {
                current = parts;
                if (current is null || !ReferenceEquals(current.Content, content))
                {
                    current = new Parts(this, content);
                    Volatile.Write(ref parts, current);
                }

                return current;
            }
        }
    }

    /// <summary>The parts built over one version of the packs.</summary>
    private sealed class Parts
    {
        public Parts(RuntimeConnection connection, PackContent content)
        {
            var runtime = connection.runtime;
            RuntimeHostChoices choices = runtime.Choices;
            var stores = runtime.Stores;
            PackCatalog catalog = content.Catalog;
            Content = content;
            Actions = new ActionExecutionService(
                stores.Executions,
                new RunnerRegistry(
                    [.. connection.runners, .. WorkflowRunner.ForEveryLanguage(new DurableWorkflowDriver(connection.Workflows, stores.Executions, runtime.WorkflowDefinitions.Pin))],
                    runtime.NativeActions),
                RunnerTypeCatalog.Default,
                choices.Time,
                runtime.Triggers,
                connection.expressions,
                runtime.KeyValues,
                catalog.FindAction,
                new ActionPolicies(catalog.PoliciesFor, stores.ConcurrencySlots, stores.Executions, choices.PolicyDelayedRecheck),
                catalog.FindPack,
                runtime.Configs,
                choices.CancelPoll);
            RuleEvaluation = new RuleEvaluationService(
                runtime.RulesInForce, catalog, stores.Enforcements, stores.TriggerInstances, Actions, choices.Time, runtime.KeyValues);
            ActionTasks = new ActionTaskRunner(Actions, catalog);
            Inquiries = new InquiryService(stores.Inquiries, stores.Executions, Actions);
            WorkflowRecorder = new ExecutionWorkflowRecorder(stores.Executions, Actions, Inquiries);
            Control = new DurableWorkflowControl(Inquiries, connection.Workflows);
            IExecutionScheduler? scheduler = choices.RequestedExecutions == RequestedExecutionRun.DurableOrchestration
                ? new DurableExecutionScheduler(connection.Workflows.Orchestrations)
                : null;
            Aliases = new Aliases.AliasExecutionService(catalog, Actions, choices.Time, scheduler, runtime.KeyValues);
            Chat = new ChatOps.ChatHandler(Aliases, (id, ct) => stores.Executions.GetAsync(id, ct), choices.Time);
            Api = new ReadRunApi(
                choices.ApiAccess,
                new ApiServices
                {
                    Catalog = catalog,
                    Rules = runtime.RulesInForce,
                    RulesWritable = choices.ApiChangesRules,
                    Executions = stores.Executions,
                    TriggerInstances = stores.TriggerInstances,
                    Enforcements = stores.Enforcements,
                    Inquiries = stores.Inquiries,
                    Keys = runtime.KeyValues,
                    Actions = Actions,
                    Workflows = Control,
                    Triggers = runtime.Triggers,
                    Time = choices.Time,
                    Scheduler = scheduler,
                    Aliases = Aliases,
                    Events = runtime.Events,
                    Sensors = runtime.Python is { } python ? () => python.Sensors : null,
                    Packs = runtime.Packs,
                    WorkflowDefinitions = runtime.WorkflowDefinitions,
                }.Resources());
        }

        public PackContent Content { get; }

        public ActionExecutionService Actions { get; }

        public RuleEvaluationService RuleEvaluation { get; }

        public IActionTaskRunner ActionTasks { get; }

        public IWorkflowExecutionRecorder WorkflowRecorder { get; }

        public InquiryService Inquiries { get; }

        public IWorkflowControl Control { get; }

        public ReadRunApi Api { get; }

        public Aliases.AliasExecutionService Aliases { get; }

        public ChatOps.ChatHandler Chat { get; }
    }
}
