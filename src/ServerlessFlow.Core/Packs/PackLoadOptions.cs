using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>Limits and catalogues the pack loader works with.</summary>
public sealed record PackLoadOptions
{
    /// <summary>The options used when none are given.</summary>
    public static PackLoadOptions Default { get; } = new();

    /// <summary>Largest metadata, workflow or rule file read, in bytes (bigger files get <c>file-too-large</c>).</summary>
    public long MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most files one pack may list before the loader stops looking (<c>too-many-files</c>).</summary>
    public int MaxFiles { get; init; } = 20_000;

    /// <summary>Depth and node limits for every YAML file.</summary>
    public YamlReaderLimits YamlLimits { get; init; } = new(MaxDepth: 100, MaxNodes: 1_000_000);

    /// <summary>The runners actions may name.</summary>
    public RunnerTypeCatalog Runners { get; init; } = RunnerTypeCatalog.Default;
}
