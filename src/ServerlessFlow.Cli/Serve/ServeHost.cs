using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Cli.Storage;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;
using ServerlessFlow.Runtime.WebConsole;

namespace ServerlessFlow.Cli.Serve;

/// <summary>
/// <c>sflow serve</c>: the loaded packs, the record stores (memory, or Table Storage on Azurite), the local Durable engine
/// running workflows, the webhook endpoints and read/run API on Kestrel, the in-process trigger bus with its rule
/// evaluation worker, and the timer sensor.
/// </summary>
internal sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly LocalWorkflowHost workflows;
    private readonly LocalAzurite? azurite;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];

    private ServeHost(WebApplication app, LocalWorkflowHost workflows, LocalAzurite? azurite, ServeStores stores, ServeTimerSensor timers, IReadOnlyList<string> problems)
    {
        this.app = app;
        this.workflows = workflows;
        this.azurite = azurite;
        Stores = stores;
        Timers = timers;
        Problems = problems;
    }

    /// <summary>The address the server listens on (the bound port when 0 was asked for).</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The record stores.</summary>
    public ServeStores Stores { get; }

    /// <summary>The timer sensor (tests tick it by hand on a fake clock).</summary>
    public ServeTimerSensor Timers { get; }

    /// <summary>Pack problems found at start-up (the server still starts with what loaded).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Loads the packs, starts storage, the Durable engine, the workers and the web server.</summary>
    public static async Task<ServeHost> StartAsync(ServeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = options.LoggerFactory.CreateLogger("sflow.serve");
        var (catalog, rules, problems) = LoadPacks(options.PackFolders);

        LocalAzurite? azurite = null;
        ServeStores stores;
        LocalDurableEngineOptions engine;
        IPayloadStore? payloads = null;
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
            stores = new ServeStores(tables.Executions, tables.TriggerInstances, tables.Enforcements, tables.Inquiries, tables.KeyValues);
            payloads = tables.Payloads;
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
            stores = ServeStores.InMemory();
            engine = new LocalDurableEngineOptions { LoggerFactory = options.LoggerFactory };
        }

        LocalWorkflowHost? workflows = null;
        try
        {
            var bus = new InMemoryTriggerBus();
            var dispatcher = new TriggerDispatcher(
                stores.TriggerInstances,
                bus,
                options.Time,
                trigger => catalog.FindTriggerType(trigger)?.PayloadSchema is { } schema ? new Dictionary<string, object?>(schema, StringComparer.Ordinal) : null);
            var keys = new KeyValueService(
                stores.KeyValues,
                options.DatastoreKey is { Length: > 0 } secretKey ? new SecretCipher(secretKey) : null,
                options.Time,
                dispatcher);

            // Actions report completion (core.st2.generic.actiontrigger) and core.inject_trigger dispatches on the same bus
            // the webhooks and timers use, so rules see them; st2kv in action parameters reads the same key-value store.
            workflows = await LocalWorkflowHost.StartAsync(
                catalog,
                engine,
                stores.Executions,
                stores.Inquiries,
                options.Time,
                payloads,
                triggers: dispatcher,
                keyValues: keys,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var registry = WebhookRegistry.FromRules(rules);
            var webhooks = new ServeWebhookEndpoint(
                new TriggerWebhookDispatcher(dispatcher, () => registry, options.Time),
                WebhookLimits.Default,
                options.ApiKey is { Length: > 0 } key ? new WebhookAuthSettings(key, new Dictionary<string, WebhookSignatureSettings>()) : null,
                options.Time,
                logger);
            var ruleService = new RuleEvaluationService(catalog, stores.Enforcements, stores.TriggerInstances, workflows.Actions, options.Time, keys);
            var timers = new ServeTimerSensor(RuleTimers.From(rules), dispatcher, options.Time, logger);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(options.LoggerFactory);
            builder.WebHost.UseUrls(options.Url);
            // Kestrel's own 30 MB cap answers larger bodies before the endpoint sees them; the endpoint enforces the 1 MiB webhook limit.
            var web = builder.Build();
            web.MapPost("/api/v1/webhooks/{**url}", (HttpRequest request, string? url, CancellationToken ct) => webhooks.HandleAsync(request, url, ct));
            var control = new DurableWorkflowControl(new InquiryService(stores.Inquiries, stores.Executions, workflows.Actions), () => workflows.Workflows);
            ServeApi.Map(web, new ReadRunApi(
                ApiKeyGuard.ForLocalServer(options.ApiKey),
                [
                    new ExecutionsApi(stores.Executions, catalog, workflows.Actions, control, options.Time),
                    new TriggerInstancesApi(stores.TriggerInstances, dispatcher),
                    new RuleEnforcementsApi(stores.Enforcements),
                    new KeysApi(keys),
                    new InquiriesApi(stores.Inquiries, control),
                    new ActionsApi(catalog),
                    new WorkflowsApi(catalog, WorkflowDefinitions.Load(catalog)),
                    new RuleTestsApi(() => [.. catalog.Packs.SelectMany(p => p.Rules)], catalog, stores.TriggerInstances, options.Time, keys),
                ]));
            ServeConsole.Map(web, ConsoleAssets.Embedded);

            var host = new ServeHost(web, workflows, azurite, stores, timers, problems);
            host.loops.Add(new RuleEvaluationWorker(bus, ruleService, logger).RunAsync(host.stopping.Token));
            if (options.RunTimerLoop)
            {
                host.loops.Add(timers.RunAsync(options.TimerPeriod, host.stopping.Token));
            }

            await web.StartAsync(cancellationToken).ConfigureAwait(false);
            host.Url = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return host;
        }
        catch
        {
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
        await workflows.DisposeAsync().ConfigureAwait(false);
        if (azurite is not null)
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    private static (PackCatalog Catalog, List<CompiledRule> Rules, List<string> Problems) LoadPacks(IReadOnlyList<string> folders)
    {
        var (sources, folderProblems) = PackFolders.Find([.. folders]);
        var problems = folderProblems.Select(p => p.ToString()).ToList();
        var catalog = PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
        problems.AddRange(catalog.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
        var rules = new List<CompiledRule>();
        foreach (var rule in catalog.Packs.SelectMany(p => p.Rules))
        {
            try
            {
                rules.Add(CompiledRule.FromSpec(rule));
            }
            catch (CriteriaException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return (catalog, rules, problems);
    }
}
