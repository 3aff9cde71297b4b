using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Azure.Enforcements;
using ServerlessFlow.Azure.Executions;
using ServerlessFlow.Azure.Inquiries;
using ServerlessFlow.Azure.KeyValues;
using ServerlessFlow.Azure.Payloads;
using ServerlessFlow.Azure.Triggers;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Functions.Api;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Functions.Timers;
using ServerlessFlow.Functions.Workflows;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Functions.Hosting;

/// <summary>Composes the runtime behind the function classes: deployed packs, Table Storage trigger
/// instances, the trigger bus chosen by <c>SFLOW_TRIGGER_BUS</c>, the dispatch use case, webhook
/// dispatch, the timer sensor's source and sink, rule evaluation with the action runners, and the
/// Orquesta workflow orchestrator with its activities, the read/run API (<see cref="ReadRunApi"/>), and the key-value
/// store behind the keys API and <c>st2kv</c> in rule and action parameters (secrets encrypted with <c>SFLOW_DATASTORE_KEY</c>).</summary>
internal static class RuntimeServices
{
    /// <summary>Registers the runtime services.</summary>
    public static IServiceCollection AddServerlessFlowRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => DeployedPacks.Load(Path.Combine(AppContext.BaseDirectory, configuration[AppSettingNames.PacksPath] is { Length: > 0 } path ? path : "packs")));
        services.AddSingleton(provider => StorageClients.Create(configuration, provider.GetRequiredService<FunctionSettings>()));
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<ITriggerInstanceStore>(provider =>
        {
            var clients = provider.GetRequiredService<StorageClients>();
            return new TableTriggerInstanceStore(clients.Tables.GetTableClient(StorageClients.TablePrefix + "TriggerInstances"), new BlobPayloadStore(clients.Payloads));
        });
        services.AddSingleton<ITriggerBus>(provider => new QueueTriggerBus(provider.GetRequiredService<StorageClients>().Sender));
        services.AddSingleton(provider =>
        {
            var packs = provider.GetRequiredService<DeployedPacks>();
            return new TriggerDispatcher(
                provider.GetRequiredService<ITriggerInstanceStore>(),
                provider.GetRequiredService<ITriggerBus>(),
                provider.GetRequiredService<TimeProvider>(),
                trigger => packs.Catalog.FindTriggerType(trigger)?.PayloadSchema is { } schema ? new Dictionary<string, object?>(schema, StringComparer.Ordinal) : null);
        });
        services.AddSingleton<IWebhookDispatcher>(provider =>
        {
            var rules = provider.GetRequiredService<RuleRegistry>();
            return new TriggerWebhookDispatcher(provider.GetRequiredService<TriggerDispatcher>(), () => rules.Webhooks, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IEnforcementStore>(provider => Store(provider, "Enforcements", (t, p) => new TableEnforcementStore(t, p)));
        services.AddSingleton<ApiEventHub>();
        services.AddSingleton(provider => new RuleRegistry(provider.GetRequiredService<DeployedPacks>().Catalog));
        services.AddSingleton<IExecutionStore>(provider => new StreamingExecutionStore(
            Store(provider, "Executions", (t, p) => new TableExecutionStore(t, p)),
            provider.GetRequiredService<ApiEventHub>(),
            new ExecutionView(provider.GetRequiredService<DeployedPacks>().Catalog, provider.GetRequiredService<TimeProvider>())));
        services.AddSingleton<IInquiryStore>(provider => Store(provider, "Inquiries", (t, p) => new TableInquiryStore(t, p)));
        services.AddSingleton<IKeyValueStore>(provider => Store(provider, "KeyValues", (t, p) => new TableKeyValueStore(t, p)));
        services.AddSingleton(provider => new KeyValueService(
            provider.GetRequiredService<IKeyValueStore>(),
            provider.GetRequiredService<FunctionSettings>().DatastoreCipher,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<TriggerDispatcher>()));
        services.AddSingleton(provider =>
        {
            var time = provider.GetRequiredService<TimeProvider>();
            var triggers = provider.GetRequiredService<TriggerDispatcher>();
            var runners = new RunnerRegistry(
            [
                new LocalShellCommandRunner(time),
                new LocalShellScriptRunner(time),
                new HttpRequestRunner(time),
                new NoopRunner(),
                new InquirerRunner(provider.GetRequiredService<IInquiryStore>(), time, triggers),
                new OrquestaRunner(new FunctionsWorkflowDriver(provider.GetRequiredService<IExecutionStore>())),
                new BuiltinActionRunner(time, triggers),
            ]);
            return new ActionExecutionService(
                provider.GetRequiredService<IExecutionStore>(),
                runners,
                RunnerTypeCatalog.Default,
                time,
                triggers,
                keyValues: provider.GetRequiredService<KeyValueService>(),
                findAction: provider.GetRequiredService<DeployedPacks>().Catalog.FindAction);
        });
        services.AddSingleton<IWorkflowStepper>(provider =>
            new OrquestaWorkflowStepper(
                WorkflowDefinitions.Load(provider.GetRequiredService<DeployedPacks>().Catalog), keyValues: provider.GetRequiredService<KeyValueService>()));
        services.AddSingleton(provider => new WorkflowOrchestrator(provider.GetRequiredService<IWorkflowStepper>()));
        services.AddSingleton(provider => new WorkflowPayloads(new BlobPayloadStore(provider.GetRequiredService<StorageClients>().Payloads)));
        services.AddSingleton<IActionTaskRunner>(provider =>
            new ActionTaskRunner(provider.GetRequiredService<ActionExecutionService>(), provider.GetRequiredService<DeployedPacks>().Catalog));
        services.AddSingleton<IWorkflowExecutionRecorder>(provider =>
            new ExecutionWorkflowRecorder(provider.GetRequiredService<IExecutionStore>(), provider.GetRequiredService<ActionExecutionService>()));
        services.AddSingleton(provider => new RuleEvaluationService(
            provider.GetRequiredService<DeployedPacks>().Catalog,
            provider.GetRequiredService<IEnforcementStore>(),
            provider.GetRequiredService<ITriggerInstanceStore>(),
            provider.GetRequiredService<ActionExecutionService>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<KeyValueService>(),
            provider.GetRequiredService<RuleRegistry>()));
        services.AddSingleton(provider =>
        {
            var executions = provider.GetRequiredService<IExecutionStore>();
            var inquiries = provider.GetRequiredService<IInquiryStore>();
            var actions = provider.GetRequiredService<ActionExecutionService>();
            var control = new DurableWorkflowControl(
                new InquiryService(inquiries, executions, actions),
                () => new WorkflowOrchestrationClient(
                    DurableClientScope.Current ?? throw new InvalidOperationException(
                        "This function has no Durable client: only API functions with a [DurableClient] binding can steer workflows."),
                    provider.GetRequiredService<WorkflowPayloads>()));
            // Rules are deployed with the packs here (no API writes); the event stream carries what this instance writes.
            return new ReadRunApi(
                ApiKeyGuard.Require(provider.GetRequiredService<FunctionSettings>().WebhookAuth.ApiKey),
                new ApiServices
                {
                    Catalog = provider.GetRequiredService<DeployedPacks>().Catalog,
                    Rules = provider.GetRequiredService<RuleRegistry>(),
                    Executions = executions,
                    TriggerInstances = provider.GetRequiredService<ITriggerInstanceStore>(),
                    Enforcements = provider.GetRequiredService<IEnforcementStore>(),
                    Inquiries = inquiries,
                    Keys = provider.GetRequiredService<KeyValueService>(),
                    Actions = actions,
                    Workflows = control,
                    Triggers = provider.GetRequiredService<TriggerDispatcher>(),
                    Time = provider.GetRequiredService<TimeProvider>(),
                    Scheduler = new DurableExecutionScheduler(),
                    Events = provider.GetRequiredService<ApiEventHub>(),
                }.Resources());
        });
        services.AddSingleton<ITriggerInstanceProcessor, RuleEvaluationProcessor>();
        services.AddSingleton<ITimerSource, PackTimerSource>();
        services.AddSingleton<ITimerFireSink, DispatcherTimerFireSink>();
        return services;
    }

    private static T Store<T>(IServiceProvider provider, string table, Func<TableClient, IPayloadStore, T> create)
    {
        var clients = provider.GetRequiredService<StorageClients>();
        return create(clients.Tables.GetTableClient(StorageClients.TablePrefix + table), new BlobPayloadStore(clients.Payloads));
    }
}
