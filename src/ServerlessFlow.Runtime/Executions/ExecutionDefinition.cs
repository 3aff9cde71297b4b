namespace ServerlessFlow.Runtime.Executions;

/// <summary>The pack content an execution started with: its pack, that pack's version and content hash. A workflow keeps
/// running on the definition it started with (<see cref="Durable.PinnedWorkflowDefinition"/>), whatever is installed since.</summary>
/// <param name="Pack">The pack's ref.</param>
/// <param name="Version">The pack's <c>version</c> from pack.yaml, when it has one.</param>
/// <param name="ContentHash">The pack's content hash (<c>sha256:…</c>), when the packs were read from files.</param>
public sealed record ExecutionDefinition(string Pack, string? Version, string? ContentHash)
{
    /// <summary>The record's plain form: <c>{"pack", "version", "content_hash"}</c>.</summary>
    public Dictionary<string, object?> ToPlain() => new(StringComparer.Ordinal)
    {
        ["pack"] = Pack,
        ["version"] = Version,
        ["content_hash"] = ContentHash,
    };

    /// <summary>Reads <see cref="ToPlain"/>'s form; null when absent (records written before executions recorded it).</summary>
    public static ExecutionDefinition? FromPlain(object? value) =>
        value is Dictionary<string, object?> plain && plain.GetValueOrDefault("pack") is string pack
            ? new ExecutionDefinition(pack, plain.GetValueOrDefault("version") as string, plain.GetValueOrDefault("content_hash") as string)
            : null;
}
