using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// Runs Durable Task orchestrations in this process on DurableTask.Core itself: its <see cref="TaskHubWorker"/> dispatches
/// work items of an in-memory orchestration service (<see cref="MemoryOrchestrationService"/>) or of DurableTask.Core's own
/// Azure Storage provider (on Azurite, or a real account), and a <see cref="TaskHubClient"/> starts, signals and reads them.
/// The SDK-style orchestrators and activities (the same classes the Functions app runs) run through the SDK's shim.
/// </summary>
internal sealed partial class LocalDurableEngine : IAsyncDisposable
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPollDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a queue message a process has read stays invisible to others (control and work-item queues alike): how long
    /// a restarted process waits for a message the previous one read and never finished (after a kill). The worker renews
    /// the locks of work items in hand, so a long activity is not run twice.
    /// </summary>
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    private readonly TaskHubWorker worker;
    private readonly IOrchestrationService service;
    private readonly ILogger logger;
    private bool disposed;

    private LocalDurableEngine(TaskHubWorker worker, IOrchestrationService service, TaskHubClient client, ILogger logger)
    {
        this.worker = worker;
        this.service = service;
        this.logger = logger;
        TaskHub = client;
        Client = new TaskHubClientOrchestrations(client, SdkJsonDataConverter.Default);
    }

    /// <summary>The runtime's client of this engine's task hub.</summary>
    public IOrchestrationClient Client { get; }

    /// <summary>DurableTask.Core's client of the task hub (with the SDK's JSON for inputs and events).</summary>
    public TaskHubClient TaskHub { get; }

    /// <summary>Creates the backend, registers the tasks and starts the worker; returns once it runs.</summary>
    public static async Task<LocalDurableEngine> StartAsync(LocalDurableEngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        IOrchestrationService service = await CreateBackendAsync(options).ConfigureAwait(false);
        var worker = new TaskHubWorker(service, options.LoggerFactory)
        {
            // The SDK's shim reports task failures with their details (TaskFailedException.FailureDetails).
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        var tasks = new LocalDurableTasks();
        options.Tasks(tasks);
        tasks.AddTo(worker);
        try
        {
            await worker.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            (service as IDisposable)?.Dispose();
            throw;
        }

        var client = new TaskHubClient((IOrchestrationServiceClient)service, SdkJsonDataConverter.Default, options.LoggerFactory);
        return new LocalDurableEngine(worker, service, client, options.LoggerFactory.CreateLogger<LocalDurableEngine>());
    }

    /// <summary>
    /// Starts an orchestration under a caller-chosen instance id unless one with that id already exists (in any status).
    /// Returns false when it existed: the redelivery case.
    /// </summary>
    public async Task<bool> StartOnceAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (await TaskHub.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await Client.ScheduleAsync(orchestratorName, instanceId, input, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    /// <summary>The instance's state, or null when there is none.</summary>
    public async Task<OrchestrationState?> GetAsync(string instanceId) =>
        await TaskHub.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false);

    /// <summary>
    /// Waits until the instance reaches a terminal status by polling its status: polls start every 2 ms and back off to every
    /// 100 ms, so short workflows are seen finishing promptly without a busy loop.
    /// </summary>
    public async Task<OrchestrationState> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken = default, TimeSpan? longestPollDelay = null)
    {
        TimeSpan longest = longestPollDelay ?? LongestPollDelay;
        TimeSpan delay = FirstPollDelay;
        while (true)
        {
            OrchestrationState? state = await TaskHub.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false);
            if (state is { OrchestrationStatus: not (OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew or OrchestrationStatus.Suspended) })
            {
                return state;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, longest.Ticks));
        }
    }

    /// <summary>The output of a completed instance, read with the SDK's JSON.</summary>
    public static T? ReadOutput<T>(OrchestrationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Output is { Length: > 0 } text ? (T?)SdkJsonDataConverter.Default.Inner.Deserialize(text, typeof(T)) : default;
    }

    /// <summary>
    /// Stops the worker (its dispatchers finish the work items in hand, then the backend stops and, on Azure Storage,
    /// releases its partition leases), then disposes the backend.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            await worker.StopAsync(isForced: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            LogStopFailed(logger, e);
        }

        (service as IDisposable)?.Dispose();
    }

    private static async Task<IOrchestrationService> CreateBackendAsync(LocalDurableEngineOptions options)
    {
        switch (options.Backend)
        {
            case DurableBackendKind.InMemory:
                return new MemoryOrchestrationService(options.MaxConcurrentWorkItems, options.ExtendedSessionIdleTimeout);
            case DurableBackendKind.AzureStorage:
                if (string.IsNullOrWhiteSpace(options.StorageConnectionString))
                {
                    throw new ArgumentException("The Azure Storage backend needs a storage connection string.", nameof(options));
                }

                var settings = new AzureStorageOrchestrationServiceSettings
                {
                    TaskHubName = options.TaskHubName,
                    StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
                    MaxQueuePollingInterval = options.MaxQueuePollingInterval,
                    PartitionCount = options.PartitionCount,
                    MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentWorkItems,
                    MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentWorkItems,
                    LoggerFactory = options.LoggerFactory,
                    ExtendedSessionsEnabled = options.ExtendedSessionIdleTimeout > TimeSpan.Zero,
                    ExtendedSessionIdleTimeout = options.ExtendedSessionIdleTimeout > TimeSpan.Zero ? options.ExtendedSessionIdleTimeout : TimeSpan.FromSeconds(30),

                    // The backend stops reading control queues for a second whenever this many messages are in memory
                    // (default 64); with up to MaxConcurrentWorkItems orchestrations in flight that pause hits every burst.
                    ControlQueueBufferThreshold = Math.Max(64, options.MaxConcurrentWorkItems * 2),
                    ControlQueueVisibilityTimeout = VisibilityTimeout,
                    WorkItemQueueVisibilityTimeout = VisibilityTimeout,

                    // One process owns the task hub locally; the app lease only delays start-up.
                    UseAppLease = false,

                    // Partition leases live in a table (the backend's default, stated so it stays so): the owner is the
                    // WorkerId, by default the machine name, so a process restarted on the same machine, even after a kill,
                    // renews its old leases at once instead of waiting for them to expire.
                    UseTablePartitionManagement = true,
                };
                var azureStorage = new AzureStorageOrchestrationService(settings);
                await azureStorage.CreateIfNotExistsAsync().ConfigureAwait(false);
                return azureStorage;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "Unknown Durable backend.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Durable worker did not stop cleanly; disposing the backend anyway.")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);
}
