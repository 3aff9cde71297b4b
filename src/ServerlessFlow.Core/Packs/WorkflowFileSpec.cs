using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// A workflow definition file, kept as text plus its parsed YAML and source map; the Orquesta
/// part of the engine turns it into a WorkflowSpec.
/// </summary>
public sealed record WorkflowFileSpec
{
    /// <summary>The path relative to the pack folder (<c>actions/workflows/x.yaml</c>).</summary>
    public required string Path { get; init; }

    /// <summary>How the pack source names the file in diagnostics.</summary>
    public required string DisplayPath { get; init; }

    /// <summary>The pack's ref.</summary>
    public required string Pack { get; init; }

    /// <summary>What kind of definition this is.</summary>
    public required WorkflowFileKind Kind { get; init; }

    /// <summary>Refs of the actions whose entry point this file is.</summary>
    public IReadOnlyList<string> ActionRefs { get; init; } = [];

    /// <summary>The file's text ("" when it could not be read or was too large).</summary>
    public required string Text { get; init; }

    /// <summary>The parsed YAML in the plain model (null when it did not parse).</summary>
    public object? Value { get; init; }

    /// <summary>Positions of the parsed nodes.</summary>
    public SourceMap SourceMap { get; init; } = SourceMap.Empty;

    /// <summary>True when the YAML parsed without errors.</summary>
    public bool IsValidYaml { get; init; }
}
