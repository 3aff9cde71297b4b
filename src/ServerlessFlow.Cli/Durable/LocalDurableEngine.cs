using System.Net;
using System.Runtime.ExceptionServices;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// Runs Durable Task orchestrations in this process: a gRPC sidecar (Kestrel on loopback) over
/// an in-memory or Azure Storage backend, plus the Microsoft.DurableTask worker and client
/// connected to it.
/// </summary>
internal sealed partial class LocalDurableEngine : IAsyncDisposable
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPollDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a queue message a process has read stays invisible to others (control queue and
    /// work-item queue alike). The backend's 5 minutes is how long a restarted process waits for a
    /// message the previous one read and never finished: after a kill, or one read in the instant
    /// a graceful stop begins. Work items in hand are renewed every third of it (see
    /// <see cref="ConcurrencyRaisedOrchestrationService"/>), so a long activity is not run twice.
    /// </summary>
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Hang guard for the sidecar's own stop handler, which nobody can await (see <see cref="StopQuietlyAsync"/>).</summary>
    private static readonly TimeSpan SidecarStopGuard = TimeSpan.FromSeconds(30);

    private readonly WebApplication sidecar;
    private readonly IHost worker;
    private readonly GrpcChannel channel;
    private readonly ConcurrencyRaisedOrchestrationService backend;
    private readonly ILogger logger;
    private bool disposed;

    private LocalDurableEngine(
        WebApplication sidecar, IHost worker, GrpcChannel channel, ConcurrencyRaisedOrchestrationService backend, ILogger logger, Uri address)
    {
        this.sidecar = sidecar;
        this.worker = worker;
        this.channel = channel;
        this.backend = backend;
        this.logger = logger;
        SidecarAddress = address;
        Client = worker.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The client for starting, querying and signalling orchestrations.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The worker's services (what <see cref="LocalDurableEngineOptions.ConfigureServices"/> registered).</summary>
    public IServiceProvider Services => worker.Services;

    /// <summary>Where the gRPC sidecar listens.</summary>
    public Uri SidecarAddress { get; }

    /// <summary>Starts the sidecar, then the worker, and returns once both are running.</summary>
    public static async Task<LocalDurableEngine> StartAsync(LocalDurableEngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        IOrchestrationService inner = await CreateBackendAsync(options).ConfigureAwait(false);
        var backend = new ConcurrencyRaisedOrchestrationService(
            inner,
            options.MaxConcurrentWorkItems,
            options.Backend == DurableBackendKind.AzureStorage ? VisibilityTimeout / 3 : null);
        ILogger logger = options.LoggerFactory.CreateLogger<LocalDurableEngine>();

        WebApplication? sidecar = null;
        IHost? worker = null;
        GrpcChannel? channel = null;
        try
        {
            sidecar = BuildSidecar(backend, options);

            // Created now, not on the first gRPC call, so that its stop handler is registered and
            // always runs when the sidecar stops (the engine waits for it).
            _ = sidecar.Services.GetRequiredService<TaskHubGrpcServer>();
            await sidecar.StartAsync(cancellationToken).ConfigureAwait(false);
            Uri address = ListeningAddress(sidecar);

            channel = GrpcChannel.ForAddress(address);
            worker = BuildWorker(channel, options);
            await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            return new LocalDurableEngine(sidecar, worker, channel, backend, logger, address);
        }
        catch
        {
            await StopQuietlyAsync(worker, channel, sidecar, backend, logger).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts an orchestration under a caller-chosen instance id unless one with that id already
    /// exists (in any status). Returns false when it existed: the redelivery case.
    /// </summary>
    public async Task<bool> StartOnceAsync(string orchestratorName, string instanceId, object? input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await Client.ScheduleNewOrchestrationInstanceAsync(
                orchestratorName, input, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until the instance reaches a terminal status by polling its status (the client's own
    /// wait call polls in 2 s steps on the Azure Storage backend). Polls start every 2 ms and back
    /// off to every 100 ms, so short workflows are seen finishing promptly without a busy loop.
    /// </summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(
        string instanceId, CancellationToken cancellationToken = default, TimeSpan? longestPollDelay = null)
    {
        TimeSpan longest = longestPollDelay ?? LongestPollDelay;
        TimeSpan delay = FirstPollDelay;
        while (true)
        {
            OrchestrationMetadata? metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            if (metadata is { IsCompleted: true })
            {
                return metadata;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, longest.Ticks));
        }
    }

    /// <summary>Stops the backend (releasing its partition leases), then the worker and the sidecar.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await StopQuietlyAsync(worker, channel, sidecar, backend, logger).ConfigureAwait(false);
    }

    private static async Task<IOrchestrationService> CreateBackendAsync(LocalDurableEngineOptions options)
    {
        switch (options.Backend)
        {
            case DurableBackendKind.InMemory:
                return new InMemoryOrchestrationService(options.LoggerFactory);
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

                    // The backend stops reading control queues for a second whenever this many messages are
                    // in memory (default 64); with up to MaxConcurrentWorkItems orchestrations in flight that
                    // pause hits every burst of events.
                    ControlQueueBufferThreshold = Math.Max(64, options.MaxConcurrentWorkItems * 2),
                    ControlQueueVisibilityTimeout = VisibilityTimeout,
                    WorkItemQueueVisibilityTimeout = VisibilityTimeout,

                    // One process owns the task hub locally; the app lease only delays start-up.
                    UseAppLease = false,

                    // Partition leases live in a table (the backend's default, stated so it stays so):
                    // the owner is the WorkerId, by default the machine name, so a process restarted
                    // on the same machine, even after a kill, renews its old leases at once instead of
                    // waiting for them to expire.
                    UseTablePartitionManagement = true,
                };
                var service = new AzureStorageOrchestrationService(settings);
                await service.CreateIfNotExistsAsync().ConfigureAwait(false);
                return service;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "Unknown Durable backend.");
        }
    }

    private static WebApplication BuildSidecar(ConcurrencyRaisedOrchestrationService backend, LocalDurableEngineOptions options)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, options.SidecarPort, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.Replace(ServiceDescriptor.Singleton(options.LoggerFactory));
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(backend);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(backend);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        WebApplication app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<TaskHubGrpcServer>();
        return app;
    }

    private static IHost BuildWorker(GrpcChannel channel, LocalDurableEngineOptions options)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.Replace(ServiceDescriptor.Singleton(options.LoggerFactory));
        options.ConfigureServices(builder.Services);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(options.Tasks);
            worker.Configure(o =>
            {
                o.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentWorkItems;
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = options.MaxConcurrentWorkItems;
            });
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
        return builder.Build();
    }

    private static Uri ListeningAddress(WebApplication sidecar)
    {
        IServerAddressesFeature? addresses = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        string address = addresses?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The Durable sidecar started but reports no listening address.");
        return new Uri(address);
    }

    /// <summary>
    /// Stops the backend first, while the worker is still connected, so that it stops reading its
    /// queues, finishes the orchestration steps in hand and releases its partition leases (see
    /// <see cref="ConcurrencyRaisedOrchestrationService"/>); then the worker, the channel and the
    /// sidecar. Stopping the worker first left the backend reading messages nobody could take.
    /// A message read in the instant before the stop (not yet a step in hand) is still left behind:
    /// the backend never gives it back, and it reappears after <see cref="VisibilityTimeout"/>. The sidecar stops its dispatchers from an
    /// unawaited handler whose last act is to call the (already stopped) backend, so the engine waits
    /// for that call, with a guard, before disposing the backend under it.
    /// </summary>
    private static async Task StopQuietlyAsync(
        IHost? worker, GrpcChannel? channel, WebApplication? sidecar, ConcurrencyRaisedOrchestrationService backend, ILogger logger)
    {
        // The rest must stop even if the backend failed to: the error is rethrown at the end.
        ExceptionDispatchInfo? backendFailure = null;
        try
        {
            await backend.StopBackendAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            backendFailure = ExceptionDispatchInfo.Capture(e);
        }

        if (worker is not null)
        {
            await worker.StopAsync().ConfigureAwait(false);
            worker.Dispose();
        }

        if (channel is not null)
        {
            await channel.ShutdownAsync().ConfigureAwait(false);
            channel.Dispose();
        }

        if (sidecar is not null)
        {
            await sidecar.StopAsync().ConfigureAwait(false);
            try
            {
                await backend.HostStopRequested.WaitAsync(SidecarStopGuard).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogSidecarStopSlow(logger, SidecarStopGuard);
            }

            await sidecar.DisposeAsync().ConfigureAwait(false);
        }

        await backend.EndAllLockRenewalsAsync().ConfigureAwait(false);
        (backend.Inner as IDisposable)?.Dispose();
        backendFailure?.Throw();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Durable sidecar's dispatchers had not stopped after {Guard}; disposing the backend anyway.")]
    private static partial void LogSidecarStopSlow(ILogger logger, TimeSpan guard);
}
