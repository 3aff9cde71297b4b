using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Azure.Enforcements;
using ServerlessFlow.Azure.Executions;
using ServerlessFlow.Azure.Inquiries;
using ServerlessFlow.Azure.KeyValues;
using ServerlessFlow.Azure.Payloads;
using ServerlessFlow.Azure.Policies;
using ServerlessFlow.Azure.Timers;
using ServerlessFlow.Azure.Triggers;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Python;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;

using ServerlessFlow.Runtime.Runners.Mail;
using ServerlessFlow.Runtime.Runners.Remote;
namespace ServerlessFlow.Functions.Hosting;

/// <summary>The Functions app's choices for the one runtime composition (<see cref="ServerlessFlowRuntime"/>): the deployed
/// packs, Table and Blob Storage stores, the trigger bus chosen by <c>SFLOW_TRIGGER_BUS</c>, the API key and webhook
/// signatures always required, timer ticks with a fixed lookback that starts no earlier than each timer was first seen, requested actions run by an orchestration, and the API
/// base URL from <c>SFLOW_API_URL</c> (or the app's host name). The Durable client is not registered: each function that
/// starts or steers workflows takes its <c>[DurableClient]</c> binding and connects the runtime to it explicitly.</summary>
internal static class RuntimeServices
{
    /// <summary>Registers the runtime and the ports the function classes use.</summary>
    public static IServiceCollection AddServerlessFlowRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => DeployedPacks.Load(Path.Combine(AppContext.BaseDirectory, configuration[AppSettingNames.PacksPath] is { Length: > 0 } path ? path : "packs")));
        services.AddSingleton(provider => StorageClients.Create(configuration, provider.GetRequiredService<FunctionSettings>()));
        services.AddHostedService<StorageInitializer>();

        // The stores and the bus are registered one by one, so a test can put in-memory adapters in their place.
        services.AddSingleton<ITriggerInstanceStore>(provider => Store(provider, "TriggerInstances", (t, p) => new TableTriggerInstanceStore(t, p)));
        services.AddSingleton<ITriggerBus>(provider => new QueueTriggerBus(provider.GetRequiredService<StorageClients>().Sender));
        services.AddSingleton<IEnforcementStore>(provider => Store(provider, "Enforcements", (t, p) => new TableEnforcementStore(t, p)));
        services.AddSingleton<IExecutionStore>(provider => Store(provider, "Executions", (t, p) => new TableExecutionStore(t, p)));
        services.AddSingleton<IInquiryStore>(provider => Store(provider, "Inquiries", (t, p) => new TableInquiryStore(t, p)));
        services.AddSingleton<IKeyValueStore>(provider => Store(provider, "KeyValues", (t, p) => new TableKeyValueStore(t, p)));
        services.AddSingleton<IPayloadStore>(provider => new BlobPayloadStore(provider.GetRequiredService<StorageClients>().Payloads));
        services.AddSingleton<ITimerStartStore>(provider =>
            new TableTimerStartStore(provider.GetRequiredService<StorageClients>().Tables.GetTableClient(StorageClients.TablePrefix + "TimerStarts")));

        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<FunctionSettings>();
            var packs = provider.GetRequiredService<DeployedPacks>();
            return ServerlessFlowRuntime.Create(new RuntimeHostChoices
            {
                Catalog = packs.Catalog,
                Rules = packs.Rules,
                Stores = new RuntimeStores(
                    provider.GetRequiredService<IExecutionStore>(),
                    provider.GetRequiredService<ITriggerInstanceStore>(),
                    provider.GetRequiredService<IEnforcementStore>(),
                    provider.GetRequiredService<IInquiryStore>(),
                    provider.GetRequiredService<IKeyValueStore>(),
                    provider.GetRequiredService<IPayloadStore>(),
                    new TableConcurrencySlotStore(provider.GetRequiredService<StorageClients>().Tables.GetTableClient(StorageClients.TablePrefix + "PolicySlots"))),
                Bus = provider.GetRequiredService<ITriggerBus>(),
                Time = provider.GetRequiredService<TimeProvider>(),
                DatastoreCipher = settings.DatastoreCipher,
                ApiAccess = ApiKeyGuard.Require(settings.WebhookAuth.ApiKey),
                WebhookAccess = WebhookAccess.Require(settings.WebhookAuth),
                WebhookLimits = settings.WebhookLimits,
                TimerWindow = TimerSensorWindow.Fixed(settings.TimerLookback, provider.GetRequiredService<ITimerStartStore>()),
                ApiChangesRules = false,
                RequestedExecutions = RequestedExecutionRun.DurableOrchestration,
                ApiUrl = settings.ApiUrl,
                DurableInlineLimit = WorkflowPayloads.Threshold,
                Loggers = provider.GetRequiredService<ILoggerFactory>(),
                RemoteRunners = RemoteRunnerOptions.FromEnvironment(),
                Smtp = SmtpOptions.FromEnvironment(),
                Announcements = null,
                Python = new PythonHostChoice(
                    new PythonOptions
                    {
                        Interpreter = configuration[AppSettingNames.PythonInterpreter] is { Length: > 0 } interpreter ? interpreter : new PythonOptions().Interpreter,
                        VirtualEnvironmentsRoot = configuration[AppSettingNames.PythonVirtualEnvironments] is { Length: > 0 } venvs ? venvs : Path.Combine(Path.GetTempPath(), "sflow-virtualenvs"),
                        ApiUrl = settings.ApiUrl,
                    }),
                // Its packs are deployed with the app: no install or reload while it runs (loading new versions from Blob is not built yet).
                Packs = null,
                ConfigsFolder = Path.Combine(AppContext.BaseDirectory, configuration[AppSettingNames.ConfigsPath] is { Length: > 0 } configs ? configs : "configs"),
            });
        });
        services.AddSingleton(provider => provider.GetRequiredService<ServerlessFlowRuntime>().Python!.CreatePoller());
        services.AddSingleton(provider => provider.GetRequiredService<ServerlessFlowRuntime>().Webhooks);
        services.AddSingleton(provider => provider.GetRequiredService<ServerlessFlowRuntime>().Timers);
        services.AddSingleton(provider => provider.GetRequiredService<ServerlessFlowRuntime>().KeyValues);
        services.AddSingleton(provider => provider.GetRequiredService<ServerlessFlowRuntime>().Triggers);
        services.AddSingleton<ITriggerInstanceProcessor, RuleEvaluationProcessor>();
        return services;
    }

    private static T Store<T>(IServiceProvider provider, string table, Func<TableClient, IPayloadStore, T> create)
    {
        var clients = provider.GetRequiredService<StorageClients>();
        return create(clients.Tables.GetTableClient(StorageClients.TablePrefix + table), new BlobPayloadStore(clients.Payloads));
    }
}
