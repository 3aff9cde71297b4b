using Microsoft.Extensions.Logging;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Runners.Mail;
using ServerlessFlow.Runtime.Runners.Remote;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;

using ServerlessFlow.Runtime.Policies;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>
/// What a host plugs into <see cref="ServerlessFlowRuntime"/>: every choice is stated, none has a default that quietly
/// switches a feature off. The workflow driver's client is not among them: it is passed to
/// <see cref="ServerlessFlowRuntime.Connect"/>, once by a host that owns its Durable engine, per invocation by the
/// Functions app (whose client is a binding).
/// </summary>
public sealed record RuntimeHostChoices
{
    /// <summary>The loaded packs.</summary>
    public required PackCatalog Catalog { get; init; }

    /// <summary>The packs' compiled rules (enabled or not), for webhooks and timers.</summary>
    public required IReadOnlyList<CompiledRule> Rules { get; init; }

    /// <summary>Where records and payloads live.</summary>
    public required RuntimeStores Stores { get; init; }

    /// <summary>Where dispatched trigger instances go for rule evaluation.</summary>
    public required ITriggerBus Bus { get; init; }

    /// <summary>The clock of records, ids and timers.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Encrypts secret key-value pairs; null states that none is configured, and secrets are then refused with an error saying so.</summary>
    public required SecretCipher? DatastoreCipher { get; init; }

    /// <summary>Who may call the read/run API.</summary>
    public required ApiKeyGuard ApiAccess { get; init; }

    /// <summary>Who may post to webhooks.</summary>
    public required WebhookAccess WebhookAccess { get; init; }

    /// <summary>Webhook body and replay bounds.</summary>
    public required WebhookLimits WebhookLimits { get; init; }

    /// <summary>Which fires each timer tick covers.</summary>
    public required TimerSensorWindow TimerWindow { get; init; }

    /// <summary>Whether rules may be created, changed and deleted through the API (<c>sflow serve</c>: yes, in its memory; the
    /// Functions app: no, its rules are deployed with the packs and several instances would disagree).</summary>
    public required bool ApiChangesRules { get; init; }

    /// <summary>How the API runs requested non-workflow actions.</summary>
    public required RequestedExecutionRun RequestedExecutions { get; init; }

    /// <summary>
    /// JSON (workflow state, results, task inputs) longer than this travels as a payload instead of inside orchestration
    /// history: <see cref="Durable.WorkflowPayloads.Threshold"/> on Durable backends with message and row size limits
    /// (Azure Storage), <see cref="int.MaxValue"/> on an in-memory backend, which has none.
    /// </summary>
    public required int DurableInlineLimit { get; init; }

    /// <summary>This host's API base (<c>…/api/v1</c>): what workflows read as <c>ctx().st2.api_url</c>.</summary>
    public required string ApiUrl { get; init; }

    /// <summary>How the host's packs change while it runs (install, remove, reload); null states that they are fixed at start.</summary>
    public required PackHostChoice? Packs { get; init; }

    /// <summary>The pack configs folder (<c>&lt;pack&gt;.yaml</c>, StackStorm's <c>/opt/stackstorm/configs</c>): what
    /// <c>config_context</c> and Python's <c>self.config</c> read; null states that there is none, and packs then see their
    /// schemas' defaults only.</summary>
    public required string? ConfigsFolder { get; init; }

    /// <summary>How pack Python (python-script actions, sensors) runs; null states that this host runs none, and such
    /// actions then fail saying so.</summary>
    public required PythonHostChoice? Python { get; init; }

    /// <summary>Where the runtime logs.</summary>
    public required ILoggerFactory Loggers { get; init; }

    /// <summary>SSH settings of the remote-shell runners (default identity, known_hosts…).</summary>
    public required RemoteRunnerOptions RemoteRunners { get; init; }

    /// <summary>Where <c>core.sendmail</c> sends mail.</summary>
    public required SmtpOptions Smtp { get; init; }

    /// <summary>Where the announcement runner publishes (the event stream); null states that this host has none, and
    /// announcement actions then fail saying the runner is not available here.</summary>
    public required IAnnouncementPublisher? Announcements { get; init; }

    /// <summary>How long an execution <c>delayed</c> by a concurrency policy waits before it is tried again (st2's scheduler:
    /// 2.5 s).</summary>
    public TimeSpan PolicyDelayedRecheck { get; init; } = ActionPolicies.St2DelayedRecheck;
}
