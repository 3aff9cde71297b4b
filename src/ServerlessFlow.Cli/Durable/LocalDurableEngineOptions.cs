using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ServerlessFlow.Cli.Durable;

/// <summary>How to start a <see cref="LocalDurableEngine"/>.</summary>
internal sealed class LocalDurableEngineOptions
{
    private readonly int partitionCount = 4;

    /// <summary>The storage backend behind the sidecar.</summary>
    public DurableBackendKind Backend { get; init; } = DurableBackendKind.InMemory;

    /// <summary>Storage connection string for <see cref="DurableBackendKind.AzureStorage"/> (Azurite's, locally).</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Task hub name: letters and digits, 3–45 characters (it names queues and tables).</summary>
    public string TaskHubName { get; init; } = "sflow";

    /// <summary>Work items the worker runs at once (orchestration steps and activities each); at most half of the
    /// orchestration slots keep extended sessions.</summary>
    public int MaxConcurrentWorkItems { get; init; } = 200;

    /// <summary>
    /// Longest idle wait between polls of the Azure Storage queues. Shorter means faster pick-up
    /// after a quiet spell at the cost of more storage calls; busy queues are polled at once.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Keep an orchestration in memory between episodes for up to this long while it waits for its next message: the
    /// worker resumes it with the new events only, instead of replaying its history (and, on Azure Storage, reading the
    /// history table) at the start of every episode. Zero turns extended sessions off on Azure Storage.
    /// </summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Azure Storage backend: number of control queues (partitions) of a new task hub, 1–16. Fixed
    /// when the task hub is first created; an existing hub keeps the count it was created with.
    /// </summary>
    public int PartitionCount
    {
        get => partitionCount;
        init => partitionCount = value is >= 1 and <= 16
            ? value
            : throw new ArgumentOutOfRangeException(nameof(PartitionCount), value, "The Durable partition count must be between 1 and 16.");
    }

    /// <summary>Orchestrators and activities to register.</summary>
    public Action<LocalDurableTasks> Tasks { get; init; } = _ => { };

    /// <summary>Where the worker and the backend log; silent by default.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
