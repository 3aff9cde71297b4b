namespace ServerlessFlow.Core.Packs;

/// <summary>An action alias (<c>aliases/*.yaml</c>): the chat command formats that map to an action, held as data. Matching a
/// command against the formats belongs to ChatOps; the catalogue only loads and checks them.</summary>
public sealed record ActionAliasSpec
{
    /// <summary><c>pack.name</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>The alias name.</summary>
    public required string Name { get; init; }

    /// <summary>The pack it belongs to.</summary>
    public required string Pack { get; init; }

    /// <summary>What the alias does.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the alias may be used (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The action the alias runs.</summary>
    public required string ActionRef { get; init; }

    /// <summary>The formats, as written: strings, or mappings with <c>display</c> and <c>representation</c>.</summary>
    public IReadOnlyList<object?> Formats { get; init; } = [];

    /// <summary>The <c>ack</c> settings (format, enabled, append_url…), as written.</summary>
    public IReadOnlyDictionary<string, object?>? Ack { get; init; }

    /// <summary>The <c>result</c> settings (format, enabled, extra…), as written.</summary>
    public IReadOnlyDictionary<string, object?>? Result { get; init; }

    /// <summary>Extra data for chat clients, as written.</summary>
    public IReadOnlyDictionary<string, object?>? Extra { get; init; }

    /// <summary>Parameters always passed to the action, whatever the command says.</summary>
    public IReadOnlyDictionary<string, object?>? ImmutableParameters { get; init; }

    /// <summary>The file it was read from, relative to the pack.</summary>
    public required string MetadataFile { get; init; }
}
