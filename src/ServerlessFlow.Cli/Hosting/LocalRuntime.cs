using Microsoft.Extensions.Logging;
using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;

using ServerlessFlow.Runtime.Runners.Mail;
using ServerlessFlow.Runtime.Runners.Remote;
namespace ServerlessFlow.Cli.Hosting;

/// <summary>The choices <c>sflow serve</c> and <c>sflow run --local</c> make for the one runtime composition: one process
/// listening on loopback, so the API and webhooks are open unless an API key is set; timers tick from the last tick; the
/// API runs requested actions inside the request.</summary>
internal static class LocalRuntime
{
    /// <summary>The API path below the server address, as StackStorm's.</summary>
    public const string ApiPath = "/api/v1";

    /// <summary>Composes the runtime for a local host.</summary>
    /// <param name="catalog">The loaded packs.</param>
    /// <param name="rules">Their compiled rules.</param>
    /// <param name="stores">Memory or Table Storage.</param>
    /// <param name="bus">Where dispatched trigger instances go (serve: the channel its rule worker reads).</param>
    /// <param name="time">The clock.</param>
    /// <param name="datastoreCipher">Encrypts secrets; null: none configured, secrets refused.</param>
    /// <param name="apiKey">The key webhooks and the API require; null: open (tests, and <c>sflow run --local</c>, which serves nothing).</param>
    /// <param name="serverUrl">The server's address (<c>ctx().st2.api_url</c> is it plus <see cref="ApiPath"/>).</param>
    /// <param name="loggers">Where the runtime logs.</param>
    /// <param name="durableBackend">The local engine's backend: on Azure Storage large JSON goes to the payload store, in memory it need not.</param>
    /// <param name="python">How pack Python runs; null: not at all.</param>
    /// <param name="configsFolder">The pack configs folder; null: schema defaults only.</param>
    /// <param name="packs">How packs are installed and reloaded while the host runs; null: they are fixed.</param>
    /// <param name="webhookAuth">Per-webhook signature checks (with the API key for the others); null: the API key alone.</param>
    public static ServerlessFlowRuntime Create(
        PackCatalog catalog,
        IReadOnlyList<CompiledRule> rules,
        RuntimeStores stores,
        ITriggerBus bus,
        TimeProvider time,
        SecretCipher? datastoreCipher,
        string? apiKey,
        string serverUrl,
        ILoggerFactory loggers,
        DurableBackendKind durableBackend,
        PythonHostChoice? python,
        string? configsFolder = null,
        PackHostChoice? packs = null,
        WebhookAuthSettings? webhookAuth = null) =>
        ServerlessFlowRuntime.Create(new RuntimeHostChoices
        {
            Catalog = catalog,
            Rules = rules,
            Stores = stores,
            Bus = bus,
            Time = time,
            DatastoreCipher = datastoreCipher,
            ApiAccess = ApiKeyGuard.ForLocalServer(apiKey),
            WebhookAccess = webhookAuth is null ? WebhookAccess.ForLocalServer(apiKey) : WebhookAccess.Require(webhookAuth),
            WebhookLimits = WebhookLimits.Default,
            TimerWindow = TimerSensorWindow.SinceLastTick,
            ApiChangesRules = true,
            RequestedExecutions = RequestedExecutionRun.InRequest,
            ApiUrl = serverUrl.TrimEnd('/') + ApiPath,
            DurableInlineLimit = durableBackend == DurableBackendKind.InMemory ? int.MaxValue : WorkflowPayloads.Threshold,
            Loggers = loggers,
            RemoteRunners = RemoteRunnerOptions.FromEnvironment(),
            Smtp = SmtpOptions.FromEnvironment(),
            Announcements = null,
            Python = python,
            ConfigsFolder = configsFolder,
            Packs = packs,
        });
}
