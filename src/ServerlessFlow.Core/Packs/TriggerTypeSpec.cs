namespace ServerlessFlow.Core.Packs;

/// <summary>A trigger type: declared in <c>triggers/*.yaml</c>, by a sensor, or built into the system (<c>core.st2.webhook</c>).</summary>
public sealed record TriggerTypeSpec
{
    /// <summary><c>pack.name</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>The trigger type's name within its pack.</summary>
    public required string Name { get; init; }

    /// <summary>The pack's ref (<c>core</c> for system trigger types).</summary>
    public required string Pack { get; init; }

    /// <summary>What the trigger means.</summary>
    public string? Description { get; init; }

    /// <summary>JSON schema of a trigger instance's payload, as written.</summary>
    public IReadOnlyDictionary<string, object?>? PayloadSchema { get; init; }

    /// <summary>JSON schema of the parameters a rule gives this trigger (webhook url, timer interval), as written.</summary>
    public IReadOnlyDictionary<string, object?>? ParametersSchema { get; init; }

    /// <summary>User tags.</summary>
    public IReadOnlyList<TagSpec> Tags { get; init; } = [];

    /// <summary>The file that declared it ("" for system trigger types).</summary>
    public string MetadataFile { get; init; } = string.Empty;
}
