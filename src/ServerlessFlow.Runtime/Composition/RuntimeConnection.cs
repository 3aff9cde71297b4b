using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>The runtime bound to one Durable client (<see cref="ServerlessFlowRuntime.Connect"/>): everything that starts or
/// steers workflows.</summary>
public sealed class RuntimeConnection
{
    internal RuntimeConnection(
        ServerlessFlowRuntime runtime, WorkflowOrchestrationClient workflows, CompiledRuleEngine rules, IReadOnlyList<IActionRunner> runners, ExpressionEngine expressions)
    {
        RuntimeHostChoices choices = runtime.Choices;
        Runtime = runtime;
        Workflows = workflows;
        Actions = new ActionExecutionService(
            choices.Stores.Executions,
            new RunnerRegistry([.. runners, new OrquestaRunner(new DurableWorkflowDriver(workflows, choices.Stores.Executions, runtime.Definitions.Pin))], runtime.NativeActions),
            RunnerTypeCatalog.Default,
            choices.Time,
            runtime.Triggers,
            expressions,
            runtime.KeyValues,
            choices.Catalog.FindAction,
            choices.Catalog.FindPack,
            runtime.Configs);
        RuleEvaluation = new RuleEvaluationService(
            rules, choices.Catalog, choices.Stores.Enforcements, choices.Stores.TriggerInstances, Actions, choices.Time, runtime.KeyValues);
        ActionTasks = new ActionTaskRunner(Actions, choices.Catalog);
        WorkflowRecorder = new ExecutionWorkflowRecorder(choices.Stores.Executions, Actions);
        Control = new DurableWorkflowControl(new InquiryService(choices.Stores.Inquiries, choices.Stores.Executions, Actions), workflows);
        IExecutionScheduler? scheduler = choices.RequestedExecutions == RequestedExecutionRun.DurableOrchestration
            ? new DurableExecutionScheduler(workflows.Orchestrations)
            : null;
        Api = new ReadRunApi(
            choices.ApiAccess,
            [
                new ExecutionsApi(choices.Stores.Executions, choices.Catalog, Actions, Control, choices.Time, scheduler),
                new TriggerInstancesApi(choices.Stores.TriggerInstances, runtime.Triggers),
                new RuleEnforcementsApi(choices.Stores.Enforcements),
                new KeysApi(runtime.KeyValues),
                new InquiriesApi(choices.Stores.Inquiries, Control),
                new ActionsApi(choices.Catalog),
            ]);
    }

    /// <summary>The runtime this connection belongs to.</summary>
    public ServerlessFlowRuntime Runtime { get; }

    /// <summary>Start, signal, answer and wait for workflow orchestrations.</summary>
    public WorkflowOrchestrationClient Workflows { get; }

    /// <summary>The action use case: runs any action; an Orquesta workflow starts its orchestration.</summary>
    public ActionExecutionService Actions { get; }

    /// <summary>Rule evaluation for trigger instances read from the bus.</summary>
    public RuleEvaluationService RuleEvaluation { get; }

    /// <summary>The read/run API.</summary>
    public ReadRunApi Api { get; }

    /// <summary>Pause/resume/cancel and inquiry answers.</summary>
    public IWorkflowControl Control { get; }

    /// <summary>What the run-action activity runs.</summary>
    public IActionTaskRunner ActionTasks { get; }

    /// <summary>What the record-workflow activity writes through.</summary>
    public IWorkflowExecutionRecorder WorkflowRecorder { get; }
}
