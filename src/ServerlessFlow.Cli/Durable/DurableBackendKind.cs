namespace ServerlessFlow.Cli.Durable;

/// <summary>Which Durable Task storage backend the local engine's worker runs on.</summary>
internal enum DurableBackendKind
{
    /// <summary>In-process memory: fast, lost when the process ends (tests, <c>sflow run --local</c>).</summary>
    InMemory,

    /// <summary>Azure Storage queues, tables and blobs (Azurite locally): survives a restart (<c>sflow serve</c>).</summary>
    AzureStorage,
}
