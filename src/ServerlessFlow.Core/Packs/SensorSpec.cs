namespace ServerlessFlow.Core.Packs;

/// <summary>A sensor as declared in <c>sensors/*.yaml</c>. Its Python class runs in a Python worker: supervised in <c>sflow serve</c>, polled by a Timer function in Azure.</summary>
public sealed record SensorSpec
{
    /// <summary><c>pack.class_name</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>The Python class implementing the sensor.</summary>
    public required string ClassName { get; init; }

    /// <summary>The pack's ref.</summary>
    public required string Pack { get; init; }

    /// <summary>The Python module, relative to <c>sensors/</c>.</summary>
    public string EntryPoint { get; init; } = string.Empty;

    /// <summary>What the sensor watches.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the sensor is enabled (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Seconds between polls for a polling sensor; null for a passive one.</summary>
    public long? PollInterval { get; init; }

    /// <summary>The trigger types the sensor emits.</summary>
    public IReadOnlyList<TriggerTypeSpec> TriggerTypes { get; init; } = [];

    /// <summary>The metadata file relative to the pack folder.</summary>
    public required string MetadataFile { get; init; }
}
