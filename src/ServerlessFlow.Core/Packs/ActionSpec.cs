using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>An action as declared in <c>actions/*.yaml</c>.</summary>
public sealed record ActionSpec
{
    /// <summary><c>pack.name</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>The action's name within its pack.</summary>
    public required string Name { get; init; }

    /// <summary>The pack's ref.</summary>
    public required string Pack { get; init; }

    /// <summary>The runner type named by <c>runner_type</c>.</summary>
    public required string RunnerType { get; init; }

    /// <summary>What the action does.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the action may be run (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The entry point relative to the pack's <c>actions/</c> folder ("" when none).</summary>
    public string EntryPoint { get; init; } = string.Empty;

    /// <summary>The parameters as the action declares them (including overrides of runner parameters).</summary>
    public required IReadOnlyDictionary<string, ActionParameterSpec> Parameters { get; init; }

    /// <summary>The runner's parameters with the action's laid over them: what an execution accepts.</summary>
    public required IReadOnlyDictionary<string, ActionParameterSpec> EffectiveParameters { get; init; }

    /// <summary>The output schema, as written.</summary>
    public IReadOnlyDictionary<string, object?>? OutputSchema { get; init; }

    /// <summary>The <c>notify</c> settings (<c>on-complete</c>, <c>on-success</c>, <c>on-failure</c>), as written.</summary>
    public IReadOnlyDictionary<string, object?>? Notify { get; init; }

    /// <summary>User tags.</summary>
    public IReadOnlyList<TagSpec> Tags { get; init; } = [];

    /// <summary>The metadata file relative to the pack folder.</summary>
    public required string MetadataFile { get; init; }

    /// <summary>Positions of the metadata file's fields, for diagnostics about this item.</summary>
    public SourceMap SourceMap { get; init; } = SourceMap.Empty;

    /// <summary>Where the action's document starts.</summary>
    public SourcePosition DefinedAt { get; init; } = SourcePosition.Start;
}
