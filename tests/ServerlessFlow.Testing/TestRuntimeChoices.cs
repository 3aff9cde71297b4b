using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Runners.Mail;
using ServerlessFlow.Runtime.Runners.Remote;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Testing;

/// <summary>The host choices tests compose a runtime with: in-memory stores and bus, the system clock, a fresh datastore key,
/// the API and webhooks open, actions run within their API request, no Python, no pack changes. A test sets what it is
/// about with <c>with { … }</c>.</summary>
public static class TestRuntimeChoices
{
    /// <summary>The choices for <paramref name="catalog"/> and its rules (all of them, compiled from the catalogue, unless given).</summary>
    public static RuntimeHostChoices For(PackCatalog catalog, IReadOnlyList<CompiledRule>? rules = null) => new()
    {
        Python = null,
        ConfigsFolder = null,
        Packs = null,
        Catalog = catalog,
        Rules = rules ?? RuleSet.FromCatalog(catalog).Rules,
        Stores = RuntimeStores.InMemory(),
        Bus = new InMemoryTriggerBus(),
        Time = TimeProvider.System,
        DatastoreCipher = new SecretCipher(SecretCipher.GenerateKey()),
        ApiAccess = ApiKeyGuard.Open,
        WebhookAccess = WebhookAccess.Open,
        WebhookLimits = WebhookLimits.Default,
        TimerWindow = TimerSensorWindow.SinceLastTick,
        ApiChangesRules = true,
        RequestedExecutions = RequestedExecutionRun.InRequest,
        ApiUrl = "http://127.0.0.1:9101/api/v1",
        DurableInlineLimit = WorkflowPayloads.Threshold,
        Loggers = NullLoggerFactory.Instance,
        RemoteRunners = new RemoteRunnerOptions(),
        Smtp = new SmtpOptions(),
        Announcements = null,
    };
}
