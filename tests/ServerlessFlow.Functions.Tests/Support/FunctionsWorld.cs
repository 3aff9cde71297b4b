using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Functions.Api;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Hosting;
using ServerlessFlow.Functions.Workflows;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Functions.Tests.Support;

/// <summary>
/// The app's real service composition (with in-memory stores instead of Azure Storage) over a packs folder, and the
/// in-process Durable test host running the orchestrator and activity function bodies under their function names (what
/// the Functions host's trigger bindings would call). Function classes are created from the app's services, as the
/// Functions worker creates them; <see cref="Host"/>'s client stands in for the <c>[DurableClient]</c> binding.
/// </summary>
internal sealed class FunctionsWorld : IAsyncDisposable
{
    /// <summary>The API key the world's app is configured with.</summary>
    public const string ApiKey = "workflow-functions-api-key";

    private readonly ServiceProvider provider;

    private FunctionsWorld(ServiceProvider provider, DurableTaskTestHost host)
    {
        this.provider = provider;
        Host = host;
    }

    /// <summary>The repository's own packs.</summary>
    public static string RepositoryPacks => Path.Combine(TestPaths.RepositoryRoot, "packs");

    /// <summary>StackStorm's core and examples packs, kept beside the repository.</summary>
    public static string St2Packs
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "st2-packs"));
            Skip.IfNot(Directory.Exists(path), $"StackStorm's packs are not at {path} (../shared/st2-packs beside the repository): this test runs them, so it skips.");
            return path;
        }
    }

    public DurableTaskTestHost Host { get; }

    public IServiceProvider Provider => provider;

    public IExecutionStore Executions => provider.GetRequiredService<IExecutionStore>();

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(provider);

    /// <summary>Starts the world over <paramref name="packs"/> (default: the repository's), with extra app <paramref name="settings"/>.</summary>
    public static async Task<FunctionsWorld> StartAsync(string? packs = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            // Never contacted: the stores below replace the Azure Storage ones.
            [AppSettingNames.HostStorageConnection] = "UseDevelopmentStorage=true",
            [AppSettingNames.TriggerQueue] = "unused",
            [AppSettingNames.ApiKey] = ApiKey,
            [AppSettingNames.PacksPath] = packs ?? RepositoryPacks,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServerlessFlowFunctions(configuration);
        services.AddServerlessFlowRuntime(configuration);
        services.AddSingleton<IExecutionStore>(new InMemoryExecutionStore());
        services.AddSingleton<IInquiryStore>(new InMemoryInquiryStore());
        services.AddSingleton<IEnforcementStore>(new InMemoryEnforcementStore());
        services.AddSingleton<ITriggerInstanceStore>(new InMemoryTriggerInstanceStore());
        services.AddSingleton<ITriggerBus>(new InMemoryTriggerBus());
        services.AddSingleton<IKeyValueStore>(new InMemoryKeyValueStore());
        services.AddSingleton<IPayloadStore>(new InMemoryPayloadStore());
        var provider = services.BuildServiceProvider();

        var orchestrator = ActivatorUtilities.CreateInstance<WorkflowOrchestratorFunction>(provider);
        var activities = ActivatorUtilities.CreateInstance<WorkflowActivityFunctions>(provider);
        var runs = ActivatorUtilities.CreateInstance<ExecutionRunFunctions>(provider);
        DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                // Typed input, as the Functions extension deserializes it for GetInput<T>() in the function body.
                registry.AddOrchestratorFunc<WorkflowOrchestrationInput, WorkflowOrchestrationResult>(
                    DurableNames.WorkflowOrchestrator, async (context, _) => await orchestrator.RunAsync(context).ConfigureAwait(true));
                registry.AddActivityFunc<ActionTaskRequest, ActionTaskOutcome>(
                    DurableNames.RunActionActivity, async (_, request) => await activities.RunActionAsync(request!).ConfigureAwait(false));
                registry.AddActivityFunc<WorkflowStatusRecord, bool>(
                    DurableNames.RecordWorkflowActivity, (_, record) => activities.RecordWorkflowAsync(record!));
                registry.AddOrchestratorFunc<RunExecutionCommand, string>(
                    ExecutionRunFunctions.OrchestratorName, async (context, _) => await runs.OrchestrateAsync(context).ConfigureAwait(true));
                registry.AddActivityFunc<RunExecutionCommand, string>(
                    ExecutionRunFunctions.ActivityName, (_, command) => runs.RunAsync(command!));
                registry.AddActivityFunc<WorkflowStepRequest, WorkflowStep>(
                    DurableNames.ApplyWorkflowStepActivity, (_, request) => activities.ApplyStepAsync(request!));
            },
            new DurableTaskTestHostOptions { Port = FreePort() });
        return new FunctionsWorld(provider, host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        await provider.DisposeAsync().ConfigureAwait(false);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
