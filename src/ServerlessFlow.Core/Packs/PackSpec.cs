namespace ServerlessFlow.Core.Packs;

/// <summary>A loaded pack: its <c>pack.yaml</c> fields and everything declared in its folders.</summary>
public sealed record PackSpec
{
    /// <summary>The pack's ref: <c>ref</c> from pack.yaml, else its name (the folder name when pack.yaml is unusable).</summary>
    public required string Ref { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary>Semantic version (<c>1.0.1</c>), or null when missing.</summary>
    public string? Version { get; init; }

    /// <summary>What the pack holds.</summary>
    public string? Description { get; init; }

    /// <summary>The author.</summary>
    public string? Author { get; init; }

    /// <summary>The author's e-mail.</summary>
    public string? Email { get; init; }

    /// <summary>Search keywords.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Other packs this one needs (<c>name[=version]</c> or URLs, as StackStorm writes them).</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>Where the pack came from, as its source names it.</summary>
    public required string Location { get; init; }

    /// <summary>The pack configuration's schema from <c>config.schema.yaml</c> (empty when absent).</summary>
    public IReadOnlyDictionary<string, ActionParameterSpec> ConfigSchema { get; init; } = new Dictionary<string, ActionParameterSpec>();

    /// <summary>Actions, in file order.</summary>
    public IReadOnlyList<ActionSpec> Actions { get; init; } = [];

    /// <summary>Rules, in file order.</summary>
    public IReadOnlyList<RuleSpec> Rules { get; init; } = [];

    /// <summary>Trigger types declared in <c>triggers/</c> and by sensors.</summary>
    public IReadOnlyList<TriggerTypeSpec> TriggerTypes { get; init; } = [];

    /// <summary>Sensors.</summary>
    public IReadOnlyList<SensorSpec> Sensors { get; init; } = [];

    /// <summary>Policies (<c>policies/*.yaml</c>): concurrency and retry limits on actions.</summary>
    public IReadOnlyList<PolicySpec> Policies { get; init; } = [];

    /// <summary>The action aliases (<c>aliases/</c>), loaded as data.</summary>
    public IReadOnlyList<ActionAliasSpec> Aliases { get; init; } = [];

    /// <summary>Workflow and ActionChain definition files below <c>actions/</c>.</summary>
    public IReadOnlyList<WorkflowFileSpec> Workflows { get; init; } = [];

    /// <summary>How many files were read and parsed as YAML.</summary>
    public int YamlFileCount { get; init; }

    /// <summary>The pack's content as installed (<c>sha256:…</c> over every file's path and bytes), set by the source that
    /// read the files; null when the source cannot say. Executions record it, so a run names the exact content it started with.</summary>
    public string? ContentHash { get; init; }
}
