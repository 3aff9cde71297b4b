using System.Security.Cryptography;

namespace ServerlessFlow.FunctionsHost.Tests.Hosting;

/// <summary>How to start one Functions host on the app: its storage, packs and app settings (what Azure's app settings
/// hold; every value reaches the host and the worker as an environment variable, as <c>local.settings.json</c> would).</summary>
public sealed record FunctionsHostOptions
{
    /// <summary>The storage the host and the app use (<c>AzureWebJobsStorage</c>, the trigger queue's connection): an Azurite.</summary>
    public required string StorageConnectionString { get; init; }

    /// <summary>An absolute folder of pack folders (<c>SFLOW_PACKS_PATH</c>); see <see cref="TestPackFolder"/>.</summary>
    public required string PacksFolder { get; init; }

    /// <summary>Where the host keeps its function keys and logs; reuse it to restart "the same" host.</summary>
    public required string StateFolder { get; init; }

    /// <summary>The Durable task hub (<c>SFLOW_TASK_HUB</c>).</summary>
    public string TaskHub { get; init; } = "sflowhosttests";

    /// <summary>The trigger-instance queue (<c>SFLOW_TRIGGER_QUEUE</c>); its poison queue is this name plus <c>-poison</c>.</summary>
    public string TriggerQueue { get; init; } = "sflow-triggers";

    /// <summary>The API key (<c>SFLOW_API_KEY</c>), sent as <c>St2-Api-Key</c> by <see cref="HostApiClient"/>.</summary>
    public string ApiKey { get; init; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The datastore key (<c>SFLOW_DATASTORE_KEY</c>, base64 of 32 bytes).</summary>
    public string DatastoreKey { get; init; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The timer sensor's tick (<c>SFLOW_TIMER_SCHEDULE</c>, NCRONTAB with seconds); the template's default.</summary>
    public string TimerSchedule { get; init; } = "0 * * * * *";

    /// <summary>The Python sensor poll tick (<c>SFLOW_SENSOR_POLL_SCHEDULE</c>); the template's default.</summary>
    public string SensorPollSchedule { get; init; } = "*/5 * * * * *";

    /// <summary>The host id (<c>AzureFunctionsWebHost__hostid</c>); null: the host's default for this machine, which every host
    /// started here shares, as the instances of one app in Azure share theirs (the host's singleton locks, such as the
    /// timer trigger's, are per host id).</summary>
    public string? HostId { get; init; }

    /// <summary>Further app settings (they win over the ones above).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Every app setting the host gets.</summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SFLOW_TRIGGER_BUS"] = "StorageQueue",
            ["SFLOW_TRIGGER_QUEUE"] = TriggerQueue,
            ["SFLOW_TASK_HUB"] = TaskHub,
            ["SFLOW_TIMER_SCHEDULE"] = TimerSchedule,
            ["SFLOW_SENSOR_POLL_SCHEDULE"] = SensorPollSchedule,
            ["SFLOW_PACKS_PATH"] = PacksFolder,
            ["SFLOW_API_KEY"] = ApiKey,
            ["SFLOW_DATASTORE_KEY"] = DatastoreKey,
            // The queue trigger's connection (Connection = "SflowTriggerQueue"): in Azure an identity-based
            // SflowTriggerQueue__queueServiceUri, on Azurite a connection string under the bare name.
            ["SflowTriggerQueue"] = StorageConnectionString,
        };
        if (HostId is not null)
        {
            settings["AzureFunctionsWebHost__hostid"] = HostId;
        }

        foreach (var (name, value) in Settings)
        {
            settings[name] = value;
        }

        return settings;
    }
}
