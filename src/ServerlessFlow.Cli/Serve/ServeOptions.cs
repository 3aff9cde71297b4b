using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ServerlessFlow.Cli.Serve;

/// <summary>How to start a <see cref="ServeHost"/>.</summary>
internal sealed class ServeOptions
{
    /// <summary>Pack folders (a pack, or a folder of packs).</summary>
    public IReadOnlyList<string> PackFolders { get; init; } = ["packs"];

    /// <summary>The address to listen on; port 0 picks a free one (tests).</summary>
    public string Url { get; init; } = "http://127.0.0.1:7071";

    /// <summary>Where records and Durable state live.</summary>
    public ServeStorageKind Storage { get; init; } = ServeStorageKind.Azurite;

    /// <summary>A storage connection string to use instead of finding or starting Azurite (tests, a real account).</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Prefix of the record tables.</summary>
    public string TablePrefix { get; init; } = "sflow";

    /// <summary>The Durable task hub name (letters and digits).</summary>
    public string TaskHubName { get; init; } = "sflow";

    /// <summary>Azurite's data folder when one has to be started.</summary>
    public string DataFolder { get; init; } = Path.Combine(".azurite", "sflow-serve");

    /// <summary>The clock of records and timers.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Whether the timer sensor ticks on its own (tests tick it by hand on a fake clock).</summary>
    public bool RunTimerLoop { get; init; } = true;

    /// <summary>How often the timer sensor ticks.</summary>
    public TimeSpan TimerPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often pending inquiries asked outside a workflow are checked against their ttl (minutes, as st2 counts).</summary>
    public TimeSpan InquiryExpiryPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The API key webhooks and the read/run API require (as <c>St2-Api-Key</c>). Defaults to <c>$SFLOW_API_KEY</c>;
    /// when none is given the key in <see cref="ApiKeyFile"/> is used (made on first run). With neither, both are open: only
    /// tests start a server so.</summary>
    public string? ApiKey { get; init; } = Environment.GetEnvironmentVariable(Api.ApiCommands.ApiKeyVariable) is { Length: > 0 } key ? key : null;

    /// <summary>Where the generated API key is kept when <see cref="ApiKey"/> is not given (<c>sflow serve</c>: beside the data).</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>Host names besides loopback and the listening host that requests may name (<c>$SFLOW_ALLOWED_HOSTS</c>, comma-separated).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } =
        (Environment.GetEnvironmentVariable("SFLOW_ALLOWED_HOSTS") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Per-webhook signature checks, as the Functions app's <c>SFLOW_WEBHOOK_AUTH</c>:
    /// <c>{"url": {"scheme": "github" | "shared-secret", "secret": "…"}}</c>. Defaults to <c>$SFLOW_WEBHOOK_AUTH</c>.</summary>
    public string? WebhookAuth { get; init; } = Environment.GetEnvironmentVariable(WebhookAuthVariable) is { Length: > 0 } auth ? auth : null;

    /// <summary>The environment variable with the webhook signature settings (the Functions app's setting of the same name).</summary>
    public const string WebhookAuthVariable = "SFLOW_WEBHOOK_AUTH";

    /// <summary>The base64 datastore encryption key for secret keys (default: <c>SFLOW_DATASTORE_KEY</c>); null means secrets are refused.</summary>
    public string? DatastoreKey { get; init; } = Environment.GetEnvironmentVariable(RunCommand.DatastoreKeyVariable) is { Length: > 0 } datastoreKey ? datastoreKey : null;

    /// <summary>The pack configs folder (<c>&lt;pack&gt;.yaml</c>); null means <c>configs</c> beside the first pack folder.</summary>
    public string? ConfigsFolder { get; init; }

    /// <summary>The Slack app ChatOps answers at <c>POST /chatops/slack</c> (from <c>SFLOW_SLACK_SIGNING_SECRET</c>,
    /// <c>SFLOW_SLACK_BOT_TOKEN</c>…); null: no Slack endpoint.</summary>
    public Runtime.ChatOps.Slack.SlackOptions? Slack { get; init; } = Runtime.ChatOps.Slack.SlackOptions.FromEnvironment();

    /// <summary>How pack Python runs (interpreter, virtual environments, warm workers).</summary>
    public Runtime.Python.PythonOptions Python { get; init; } = new();

    /// <summary>Restart policy of Python sensors.</summary>
    public Runtime.Python.Sensors.SensorSupervisorOptions Sensors { get; init; } = new();

    /// <summary>Whether Python sensors run (<c>sflow serve</c> turns them on; tests that do not need them leave them off).</summary>
    public bool RunSensors { get; init; }

    /// <summary>Where the server logs.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
