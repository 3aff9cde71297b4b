using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.Configuration;

namespace ServerlessFlow.Functions.Hosting;

/// <summary>The Azure SDK clients the app uses. In Azure every client authenticates with the
/// user-assigned identity against the endpoints the template sets; locally (func start, tests) a
/// plain <c>AzureWebJobsStorage</c> connection string (Azurite) is used instead.</summary>
internal sealed class StorageClients
{
    /// <summary>Table name prefix shared with <c>TableStorageStores</c>: tables are <c>sflowTriggerInstances</c>, ….</summary>
    public const string TablePrefix = "sflow";

    private StorageClients(TableServiceClient tables, BlobContainerClient payloads, ITriggerBusSender sender, QueueClient? localQueue = null)
    {
        Tables = tables;
        Payloads = payloads;
        Sender = sender;
        LocalQueue = localQueue;
    }

    /// <summary>The trigger queue when running on a connection string (Azurite), created at start-up; null in Azure, where the template creates it.</summary>
    public QueueClient? LocalQueue { get; }

    /// <summary>Table service (history tables).</summary>
    public TableServiceClient Tables { get; }

    /// <summary>Container for payloads too large for a table entity.</summary>
    public BlobContainerClient Payloads { get; }

    /// <summary>Sender of trigger-bus messages, per <c>SFLOW_TRIGGER_BUS</c>.</summary>
    public ITriggerBusSender Sender { get; }

    /// <summary>Builds the clients from configuration; throws <see cref="InvalidOperationException"/> naming a missing setting.</summary>
    public static StorageClients Create(IConfiguration configuration, FunctionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var payloadContainer = configuration[AppSettingNames.PayloadContainer] is { Length: > 0 } name ? name : TablePrefix + "-payloads";
        var connection = configuration[AppSettingNames.HostStorageConnection];
        if (!string.IsNullOrEmpty(connection))
        {
            var queue = new QueueClient(connection, settings.TriggerQueue, StorageQueueTriggerBusSender.ClientOptions());
            return new StorageClients(
                new TableServiceClient(connection),
                new BlobServiceClient(connection).GetBlobContainerClient(payloadContainer),
                settings.TriggerBus == TriggerBusKind.ServiceBus ? ServiceBusSender(configuration, settings, null) : new StorageQueueTriggerBusSender(queue),
                queue);
        }

        var clientId = configuration[AppSettingNames.AzureClientId];
        TokenCredential credential = string.IsNullOrEmpty(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        var tables = new TableServiceClient(RequireUri(configuration, AppSettingNames.TableServiceUri), credential);
        var blobs = new BlobServiceClient(RequireUri(configuration, AppSettingNames.BlobServiceUri), credential);
        ITriggerBusSender sender = settings.TriggerBus == TriggerBusKind.ServiceBus
            ? ServiceBusSender(configuration, settings, credential)
            : new StorageQueueTriggerBusSender(StorageQueueTriggerBusSender.CreateClient(
                new Uri(RequireUri(configuration, AppSettingNames.TriggerQueueConnection + "__queueServiceUri"), settings.TriggerQueue), credential));
        return new StorageClients(tables, blobs.GetBlobContainerClient(payloadContainer), sender);
    }

    private static ServiceBusTriggerBusSender ServiceBusSender(IConfiguration configuration, FunctionSettings settings, TokenCredential? credential)
    {
        var setting = AppSettingNames.ServiceBusConnection + "__fullyQualifiedNamespace";
        var ns = configuration[setting];
        if (string.IsNullOrEmpty(ns) || credential is null)
        {
            throw new InvalidOperationException($"{AppSettingNames.TriggerBus} is ServiceBus but app setting {setting} is missing (or only a storage connection string is configured).");
        }

        return new ServiceBusTriggerBusSender(new ServiceBusClient(ns, credential).CreateSender(settings.TriggerQueue));
    }

    private static Uri RequireUri(IConfiguration configuration, string name)
    {
        var text = configuration[name];
        if (string.IsNullOrEmpty(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"App setting {name} is missing or not an absolute URI.");
        }

        return uri;
    }
}
