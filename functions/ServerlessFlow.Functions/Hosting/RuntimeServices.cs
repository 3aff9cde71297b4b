using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Azure.Payloads;
using ServerlessFlow.Azure.Triggers;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Timers;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Functions.Hosting;

/// <summary>Composes the runtime behind the function classes: deployed packs, Table Storage trigger
/// instances, the trigger bus chosen by <c>SFLOW_TRIGGER_BUS</c>, the dispatch use case, webhook
/// dispatch and the timer sensor's source and sink. Rule evaluation
/// (<see cref="RuleEvaluation.ITriggerInstanceProcessor"/>) is not registered yet: the runtime has no
/// rule-evaluation use case to bind it to, so the queue-triggered function fails to activate.</summary>
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
            var registry = WebhookRegistry.FromRules(provider.GetRequiredService<DeployedPacks>().Rules);
            return new TriggerWebhookDispatcher(provider.GetRequiredService<TriggerDispatcher>(), () => registry, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ITimerSource, PackTimerSource>();
        services.AddSingleton<ITimerFireSink, DispatcherTimerFireSink>();
        return services;
    }
}
