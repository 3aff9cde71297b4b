using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Cli.Hosting;
using ServerlessFlow.Cli.Storage;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Python.Sensors;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.WebConsole;

namespace ServerlessFlow.Cli.Serve;

/// <summary>
/// <c>sflow serve</c>: the runtime composed once (<see cref="LocalRuntime"/>) over the loaded packs and the record stores
/// (memory, or Table Storage on Azurite), the local Durable engine running workflows, the webhook handler and read/run API
/// on Kestrel, the in-process trigger bus with its rule evaluation worker, and the timer sensor.
/// </summary>
internal sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly LocalWorkflowHost workflows;
    private readonly LocalAzurite? azurite;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];

    private ServeHost(WebApplication app, LocalWorkflowHost workflows, LocalAzurite? azurite, ServerlessFlowRuntime runtime, IReadOnlyList<string> problems)
    {
        this.app = app;
        this.workflows = workflows;
        this.azurite = azurite;
        Runtime = runtime;
        Problems = problems;
    }

    /// <summary>The address the server listens on (the bound port when 0 was asked for).</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The composed runtime.</summary>
    public ServerlessFlowRuntime Runtime { get; }

    /// <summary>The record stores.</summary>
    public RuntimeStores Stores => Runtime.Stores;

    /// <summary>The timer sensor (tests tick it by hand on a fake clock).</summary>
    public TimerSensor Timers => Runtime.Timers;

    /// <summary>The Python sensors (null when sensors do not run).</summary>
    public PythonSensorSupervisor? Sensors => Runtime.Python?.Sensors;

    /// <summary>Pack problems found at start-up (the server still starts with what loaded).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Loads the packs, starts storage, the Durable engine, the workers and the web server.</summary>
    public static async Task<ServeHost> StartAsync(ServeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = options.LoggerFactory.CreateLogger("sflow.serve");
        var loaded = LoadedPacks.Load(options.PackFolders);
        var (catalog, rules, problems) = (loaded.Catalog, loaded.Rules, loaded.Problems);
        SecretCipher? cipher = options.DatastoreKey is { Length: > 0 } secretKey ? new SecretCipher(secretKey) : null;

        LocalAzurite? azurite = null;
        RuntimeStores stores;
        LocalDurableEngineOptions engine;
        if (options.Storage == ServeStorageKind.Azurite)
        {
            string connection;
            if (options.StorageConnectionString is { Length: > 0 } given)
            {
                connection = given;
            }
            else
            {
                azurite = await LocalAzurite.UseOrStartDefaultAsync(options.DataFolder, cancellationToken).ConfigureAwait(false);
                connection = azurite.ConnectionString;
            }

            var tables = await TableStorageStores.CreateAsync(connection, options.TablePrefix, cancellationToken).ConfigureAwait(false);
            stores = new RuntimeStores(tables.Executions, tables.TriggerInstances, tables.Enforcements, tables.Inquiries, tables.KeyValues, tables.Payloads);
            engine = new LocalDurableEngineOptions
            {
                Backend = DurableBackendKind.AzureStorage,
                StorageConnectionString = connection,
                TaskHubName = options.TaskHubName,
                LoggerFactory = options.LoggerFactory,
            };
        }
        else
        {
            stores = RuntimeStores.InMemory();
            engine = new LocalDurableEngineOptions { LoggerFactory = options.LoggerFactory };
        }

        LocalWorkflowHost? workflows = null;
        ServerlessFlowRuntime? runtime = null;
        try
        {
            // Webhooks, timers, action triggers and core.inject_trigger all dispatch onto this in-process bus, which the
            // rule evaluation worker reads.
            var bus = new InMemoryTriggerBus();
            var python = new PythonHostChoice(options.Python);
            var configs = options.ConfigsFolder ?? PackConfigs.DefaultFolder(options.PackFolders);
            var packs = new PackHostChoice(
                () => LoadedPacks.Load(options.PackFolders),
                InstallFolder(options.PackFolders) is { } installInto
                    ? new PackInstallOptions { PacksFolder = installInto, OtherPackFolders = options.PackFolders, ConfigsFolder = configs }
                    : null);
            runtime = LocalRuntime.Create(
                catalog, rules, stores, bus, options.Time, cipher, options.ApiKey, options.Url, options.LoggerFactory, engine.Backend, python, configs, packs);
            workflows = await LocalWorkflowHost.StartAsync(runtime, engine, cancellationToken).ConfigureAwait(false);
            var connection = workflows.Connection;

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(options.LoggerFactory);
            builder.WebHost.UseUrls(options.Url);
            // Kestrel's own 30 MB cap answers larger bodies before the handler sees them; the handler enforces the 1 MiB webhook limit.
            var web = builder.Build();
            ServeApi.Map(web, () => connection.Api, runtime.Webhooks);
            ServeConsole.Map(web, ConsoleAssets.Embedded);

            var host = new ServeHost(web, workflows, azurite, runtime, problems);
            host.loops.Add(new RuleEvaluationWorker(bus, () => connection.RuleEvaluation, logger).RunAsync(host.stopping.Token));
            if (options.RunTimerLoop)
            {
                host.loops.Add(runtime.Timers.RunAsync(options.TimerPeriod, host.stopping.Token));
            }

            if (options.RunSensors)
            {
                runtime.Python!.StartSensors(options.Sensors, options.Time);
            }

            await web.StartAsync(cancellationToken).ConfigureAwait(false);
            host.Url = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return host;
        }
        catch
        {
            if (runtime?.Python is not null)
            {
                await runtime.Python.DisposeAsync().ConfigureAwait(false);
            }

            if (workflows is not null)
            {
                await workflows.DisposeAsync().ConfigureAwait(false);
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Stops the web server, the workers, the Durable engine and an Azurite this host started.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation.
        }

        await app.DisposeAsync().ConfigureAwait(false);
        if (Runtime.Python is not null)
        {
            await Runtime.Python.DisposeAsync().ConfigureAwait(false);
        }

        await workflows.DisposeAsync().ConfigureAwait(false);
        if (azurite is not null)
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    /// <summary>Where <c>sflow pack install</c> installs packs for this server: the first <c>--packs</c> folder that is a folder of
    /// packs (StackStorm installs into its first packs base path); null when every folder given is a single pack.</summary>
    public static string? InstallFolder(IReadOnlyList<string> packFolders)
    {
        ArgumentNullException.ThrowIfNull(packFolders);
        return packFolders.Where(f => !File.Exists(Path.Combine(f, "pack.yaml"))).Select(Path.GetFullPath).FirstOrDefault();
    }
}
