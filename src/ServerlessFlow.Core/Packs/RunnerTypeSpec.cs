namespace ServerlessFlow.Core.Packs;

/// <summary>A runner type: how actions of that type are run, and the parameters the runner itself takes.</summary>
public sealed record RunnerTypeSpec
{
    /// <summary>The name actions use in <c>runner_type</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Other names StackStorm accepts for it (<c>orchestra</c> for <c>orquesta</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>What the runner does.</summary>
    public string? Description { get; init; }

    /// <summary>True when ServerlessFlow can run actions of this type.</summary>
    public bool Supported { get; init; }

    /// <summary>Why not, when <see cref="Supported"/> is false.</summary>
    public string? UnsupportedReason { get; init; }

    /// <summary>What the runner does with <c>entry_point</c>.</summary>
    public EntryPointUse EntryPoint { get; init; }

    /// <summary>The runner's own parameters, which actions may override attribute by attribute.</summary>
    public required IReadOnlyDictionary<string, ActionParameterSpec> RunnerParameters { get; init; }

    /// <summary>Refs of actions of this runner that ServerlessFlow implements natively, so they run (although the runner may
    /// not) and need no entry point file (<c>core.uuid</c>, <c>core.pause</c>, <c>core.inject_trigger</c> for
    /// <c>python-script</c>; <c>core.sendmail</c> for <c>local-shell-script</c>).</summary>
    public IReadOnlyList<string> NativeActions { get; init; } = [];

    /// <summary>True when ServerlessFlow can run the action <paramref name="actionRef"/> of this runner type.</summary>
    public bool Runs(string actionRef) => Supported || NativeActions.Contains(actionRef, StringComparer.Ordinal);

    /// <summary>The result key the runner's output lives under (<c>body</c>, <c>output</c>…), if any.</summary>
    public string? OutputKey { get; init; }
}
