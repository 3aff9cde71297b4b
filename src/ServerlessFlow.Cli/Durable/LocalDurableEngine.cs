using System.Net;
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
internal sealed class LocalDurableEngine : IAsyncDisposable
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPollDelay = TimeSpan.FromMilliseconds(100);

    private readonly WebApplication sidecar;
    private readonly IHost worker;
    private readonly GrpcChannel channel;
    private readonly IOrchestrationService backend;
    private bool disposed;

    private LocalDurableEngine(WebApplication sidecar, IHost worker, GrpcChannel channel, IOrchestrationService backend, Uri address)
    {
        this.sidecar = sidecar;
        this.worker = worker;
        this.channel = channel;
        this.backend = backend;
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
        var backend = new ConcurrencyRaisedOrchestrationService(inner, options.MaxConcurrentWorkItems);

        WebApplication? sidecar = null;
        IHost? worker = null;
        GrpcChannel? channel = null;
        try
        {
            sidecar = BuildSidecar(backend, options);
            await sidecar.StartAsync(cancellationToken).ConfigureAwait(false);
            Uri address = ListeningAddress(sidecar);

            channel = GrpcChannel.ForAddress(address);
            worker = BuildWorker(channel, options);
            await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            return new LocalDurableEngine(sidecar, worker, channel, inner, address);
        }
        catch
        {
            await StopQuietlyAsync(worker, channel, sidecar, inner).ConfigureAwait(false);
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

    /// <summary>Stops the worker, then the sidecar and its backend.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await StopQuietlyAsync(worker, channel, sidecar, backend).ConfigureAwait(false);
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

                    // One process owns the task hub locally; the app lease only delays start-up.
                    UseAppLease = false,
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

    private static async Task StopQuietlyAsync(IHost? worker, GrpcChannel? channel, WebApplication? sidecar, IOrchestrationService? backend)
    {
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
            await sidecar.DisposeAsync().ConfigureAwait(false);
        }

        if (backend is not null)
        {
            await backend.StopAsync().ConfigureAwait(false);
            (backend as IDisposable)?.Dispose();
        }
    }
}
