namespace ServerlessFlow.Functions.Configuration;

/// <summary>The transport carrying trigger instances to rule evaluation.</summary>
internal enum TriggerBusKind
{
    /// <summary>Azure Storage Queue (default build; Azurite locally).</summary>
    StorageQueue,

    /// <summary>Azure Service Bus queue with duplicate detection (build with -p:ServiceBusTrigger=true).</summary>
    ServiceBus,
}
