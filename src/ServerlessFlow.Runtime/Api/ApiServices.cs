using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Api;

/// <summary>What the API's resources read and drive, as a host composed it. <see cref="Resources"/> builds every resource from
/// it, so both hosts serve the same set.</summary>
public sealed record ApiServices
{
    /// <summary>The loaded packs.</summary>
    public required PackCatalog Catalog { get; init; }

    /// <summary>The rules in force.</summary>
    public required RuleRegistry Rules { get; init; }

    /// <summary>Whether rules may be created, replaced and deleted through the API (not in the Functions app, whose rules are deployed).</summary>
    public bool RulesWritable { get; init; }

    /// <summary>Executions (the store the engine writes, wrapped by <see cref="StreamingExecutionStore"/> when there is a stream).</summary>
    public required IExecutionStore Executions { get; init; }

    /// <summary>Trigger instances.</summary>
    public required ITriggerInstanceStore TriggerInstances { get; init; }

    /// <summary>Rule enforcements.</summary>
    public required IEnforcementStore Enforcements { get; init; }

    /// <summary>Inquiries.</summary>
    public required IInquiryStore Inquiries { get; init; }

    /// <summary>The key-value use case.</summary>
    public required KeyValueService Keys { get; init; }

    /// <summary>The action use case.</summary>
    public required ActionExecutionService Actions { get; init; }

    /// <summary>Workflow pause/resume/cancel and inquiry answers.</summary>
    public required IWorkflowControl Workflows { get; init; }

    /// <summary>Trigger dispatch (re_emit).</summary>
    public required TriggerDispatcher Triggers { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Runs non-workflow actions out of band, when the host has a way.</summary>
    public IExecutionScheduler? Scheduler { get; init; }

    /// <summary>The host's Python sensor supervisor, once started (null inside); null: the host runs no sensor processes and
    /// sensor types cannot be enabled or disabled.</summary>
    public Func<Python.Sensors.PythonSensorSupervisor?>? Sensors { get; init; }

    /// <summary>The event stream's source; without it there is no <c>/stream</c>.</summary>
    public ApiEventHub? Events { get; init; }

    /// <summary>How the host's packs change while it runs (<c>packs/install</c>, <c>uninstall</c>, <c>register</c>); null: they
    /// are fixed.</summary>
    public IPackRegistrar? Packs { get; init; }

    /// <summary>The loaded workflow definitions (Orquesta and ActionChain); without them there is no <c>/workflows/graph</c>.</summary>
    public WorkflowDefinitions? WorkflowDefinitions { get; init; }

    /// <summary>Runs commands through action aliases (<c>aliasexecution</c>); without it one is made from the above.</summary>
    public Aliases.AliasExecutionService? Aliases { get; init; }

    /// <summary>Every resource of the API.</summary>
    public IReadOnlyList<IApiResource> Resources()
    {
        var view = new ExecutionView(Catalog, Time);
        var aliases = Aliases ?? new Aliases.AliasExecutionService(Catalog, Actions, Time, Scheduler, Keys);
        var resources = new List<IApiResource>
        {
            new ExecutionsApi(Executions, Catalog, Actions, Workflows, Time, Scheduler),
            new TriggerInstancesApi(TriggerInstances, Triggers),
            new RuleEnforcementsApi(Enforcements),
            new KeysApi(Keys),
            new InquiriesApi(Inquiries, Workflows),
            new ActionsApi(Catalog, Packs),
            new RunnerTypesApi(RunnerTypeCatalog.Default),
            new PacksApi(Catalog, Packs, Actions),
            new RulesApi(Catalog, Rules, RulesWritable),
            new TriggerTypesApi(Catalog),
            new TriggersApi(Catalog, Rules),
            new SensorTypesApi(Catalog, Sensors),
            new WebhooksApi(Catalog, Rules),
            new PolicyTypesApi(),
            new PoliciesApi(Catalog),
            new ActionAliasesApi(Catalog, aliases),
            new AliasExecutionsApi(aliases),
            new TracesApi(TriggerInstances, Enforcements, Executions),
            new RuleTestsApi(() => Rules.Rules, Catalog, TriggerInstances, Time, Keys),
        };
        if (Events is not null)
        {
            resources.Add(new StreamApi(Events, Executions, view));
        }

        if (WorkflowDefinitions is not null)
        {
            resources.Add(new WorkflowsApi(Catalog, WorkflowDefinitions));
        }

        return resources;
    }
}
