using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>A policy as declared in a pack's <c>policies/*.yaml</c>: a policy type applied to one action, with its
/// parameters (defaults of the type filled in).</summary>
public sealed record PolicySpec
{
    /// <summary><c>pack.name</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>The policy's name within its pack.</summary>
    public required string Name { get; init; }

    /// <summary>The pack's ref.</summary>
    public required string Pack { get; init; }

    /// <summary>What the policy is for.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the policy is applied (StackStorm's default is true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The action the policy applies to (<c>resource_ref</c>).</summary>
    public required string ResourceRef { get; init; }

    /// <summary>The policy type's ref (<c>action.concurrency</c>).</summary>
    public required string PolicyType { get; init; }

    /// <summary>The parameters: as given, with the type's defaults for those not given.</summary>
    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }

    /// <summary>The file, relative to the pack (<c>policies/x.yaml</c>).</summary>
    public required string File { get; init; }

    /// <summary>Where <c>resource_ref</c> is written.</summary>
    public SourcePosition ResourcePosition { get; init; } = SourcePosition.Start;
}
