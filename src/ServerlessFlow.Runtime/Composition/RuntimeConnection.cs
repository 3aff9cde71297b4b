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
/// steers workflows.</summary>
public sealed class RuntimeConnection
{
    internal RuntimeConnection(
        ServerlessFlowRuntime runtime, WorkflowOrchestrationClient workflows, IReadOnlyList<IActionRunner> runners, ExpressionEngine expressions)
    {
        RuntimeHostChoices choices = runtime.Choices;
        var stores = runtime.Stores;
        Runtime = runtime;
        Workflows = workflows;
        Actions = new ActionExecutionService(
            stores.Executions,
            new RunnerRegistry([.. runners, .. WorkflowRunner.ForEveryLanguage(new DurableWorkflowDriver(workflows, stores.Executions))], runtime.NativeActions),
            RunnerTypeCatalog.Default,
            choices.Time,
            runtime.Triggers,
            expressions,
            runtime.KeyValues,
            choices.Catalog.FindAction,
            new ActionPolicies(choices.Catalog.PoliciesFor, stores.ConcurrencySlots, stores.Executions, choices.PolicyDelayedRecheck));
        RuleEvaluation = new RuleEvaluationService(
            runtime.RulesInForce, choices.Catalog, stores.Enforcements, stores.TriggerInstances, Actions, choices.Time, runtime.KeyValues);
        ActionTasks = new ActionTaskRunner(Actions, choices.Catalog);
        WorkflowRecorder = new ExecutionWorkflowRecorder(stores.Executions, Actions);
        Control = new DurableWorkflowControl(new InquiryService(stores.Inquiries, stores.Executions, Actions), workflows);
        IExecutionScheduler? scheduler = choices.RequestedExecutions == RequestedExecutionRun.DurableOrchestration
            ? new DurableExecutionScheduler(workflows.Orchestrations)
            : null;
        Aliases = new Aliases.AliasExecutionService(choices.Catalog, Actions, choices.Time, scheduler, runtime.KeyValues);
        Chat = new ChatOps.ChatHandler(Aliases, (id, ct) => stores.Executions.GetAsync(id, ct), choices.Time);
        Api = new ReadRunApi(
            choices.ApiAccess,
            new ApiServices
            {
                Catalog = choices.Catalog,
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
                WorkflowDefinitions = runtime.WorkflowDefinitions,
            }.Resources());
    }

    /// <summary>The runtime this connection belongs to.</summary>
    public ServerlessFlowRuntime Runtime { get; }

    /// <summary>Start, signal, answer and wait for workflow orchestrations.</summary>
    public WorkflowOrchestrationClient Workflows { get; }

    /// <summary>The action use case: runs any action; a workflow (Orquesta, ActionChain) starts its orchestration.</summary>
    public ActionExecutionService Actions { get; }

    /// <summary>Rule evaluation for trigger instances read from the bus.</summary>
    public RuleEvaluationService RuleEvaluation { get; }

    /// <summary>Runs chat commands through action aliases (the API's <c>aliasexecution</c> and the chat endpoints).</summary>
    public Aliases.AliasExecutionService Aliases { get; }

    /// <summary>The transport-free chat handler the Slack and Teams endpoints hand commands to.</summary>
    public ChatOps.ChatHandler Chat { get; }

    /// <summary>The read/run API.</summary>
    public ReadRunApi Api { get; }

    /// <summary>Pause/resume/cancel and inquiry answers.</summary>
    public IWorkflowControl Control { get; }

    /// <summary>What the run-action activity runs.</summary>
    public IActionTaskRunner ActionTasks { get; }

    /// <summary>What the record-workflow activity writes through.</summary>
    public IWorkflowExecutionRecorder WorkflowRecorder { get; }
}
