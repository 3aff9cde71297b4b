namespace ServerlessFlow.Functions.Configuration;

/// <summary>Every app setting the Functions app reads. infra/main.bicep sets each one, and a test
/// (AppSettingsTests) fails when a name here, a <c>%binding%</c> expression or a connection name in
/// functions.metadata, or a <c>%name%</c> in host.json is missing from the template.</summary>
internal static class AppSettingNames
{
    /// <summary><c>ServiceBus</c> or <c>StorageQueue</c>: where trigger instances are sent, and which trigger must be compiled in.</summary>
    public const string TriggerBus = "SFLOW_TRIGGER_BUS";

    /// <summary>Name of the trigger-instance queue (Service Bus queue or Storage queue). Used as a binding expression.</summary>
    public const string TriggerQueue = "SFLOW_TRIGGER_QUEUE";

    /// <summary>NCRONTAB schedule of the timer sensor tick. Used as a binding expression.</summary>
    public const string TimerSchedule = "SFLOW_TIMER_SCHEDULE";

    /// <summary>How far back each timer tick looks for fires, in seconds (covers late or missed ticks).</summary>
    public const string TimerLookbackSeconds = "SFLOW_TIMER_LOOKBACK_SECONDS";

    /// <summary>NCRONTAB schedule of the Python sensor poll tick (each polling sensor is polled when its poll_interval has
    /// passed). Used as a binding expression.</summary>
    public const string SensorPollSchedule = "SFLOW_SENSOR_POLL_SCHEDULE";

    /// <summary>The interpreter that builds pack virtual environments (the image's Debian python3).</summary>
    public const string PythonInterpreter = "SFLOW_PYTHON";

    /// <summary>Where pack virtual environments are (built into the image, or built at first use).</summary>
    public const string PythonVirtualEnvironments = "SFLOW_PYTHON_VENVS";

    /// <summary>Folder (relative to the app root) of the pack configs (<c>&lt;pack&gt;.yaml</c>).</summary>
    public const string ConfigsPath = "SFLOW_CONFIGS_PATH";

    /// <summary>Durable task hub name, read by host.json.</summary>
    public const string TaskHub = "SFLOW_TASK_HUB";

    /// <summary>Table service URI for the history tables (identity-based access).</summary>
    public const string TableServiceUri = "SFLOW_TABLE_SERVICE_URI";

    /// <summary>Blob service URI for payload offload.</summary>
    public const string BlobServiceUri = "SFLOW_BLOB_SERVICE_URI";

    /// <summary>Blob container for payloads too large for a table entity.</summary>
    public const string PayloadContainer = "SFLOW_PAYLOAD_CONTAINER";

    /// <summary>Folder (relative to the app root) holding the packs.</summary>
    public const string PacksPath = "SFLOW_PACKS_PATH";

    /// <summary>The API base URL (<c>…/api/v1</c>) workflows read as <c>ctx().st2.api_url</c>; empty: from <c>WEBSITE_HOSTNAME</c>.</summary>
    public const string ApiUrl = "SFLOW_API_URL";

    /// <summary>The API key (a Key Vault reference in Azure).</summary>
    public const string ApiKey = "SFLOW_API_KEY";

    /// <summary>Datastore encryption key for secret key-value pairs: 32 bytes, base64 (a Key Vault reference in Azure). Without it secrets are refused.</summary>
    public const string DatastoreKey = "SFLOW_DATASTORE_KEY";

    /// <summary>Per-webhook signature settings JSON (a Key Vault reference in Azure).</summary>
    public const string WebhookAuth = "SFLOW_WEBHOOK_AUTH";

    /// <summary>Largest webhook body in bytes.</summary>
    public const string WebhookMaxBodyBytes = "SFLOW_WEBHOOK_MAX_BODY_BYTES";

    /// <summary>Replay window of signed webhooks in seconds.</summary>
    public const string WebhookReplayWindowSeconds = "SFLOW_WEBHOOK_REPLAY_WINDOW_SECONDS";

    /// <summary>Client id of the user-assigned identity used by the SDK clients.</summary>
    public const string AzureClientId = "AZURE_CLIENT_ID";

    /// <summary>Application Insights connection string (OpenTelemetry exporter).</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The host's storage: a connection string locally (Azurite), identity-based <c>AzureWebJobsStorage__*</c> in Azure.</summary>
    public const string HostStorageConnection = "AzureWebJobsStorage";

    /// <summary>Connection name of the Service Bus trigger (<c>SflowServiceBus__fullyQualifiedNamespace</c> …).</summary>
    public const string ServiceBusConnection = "SflowServiceBus";

    /// <summary>Connection name of the Storage Queue trigger (<c>SflowTriggerQueue__queueServiceUri</c> …).</summary>
    public const string TriggerQueueConnection = "SflowTriggerQueue";
}
