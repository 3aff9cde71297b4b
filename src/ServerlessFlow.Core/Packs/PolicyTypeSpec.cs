namespace ServerlessFlow.Core.Packs;

/// <summary>A policy type (<c>action.concurrency</c>, <c>action.concurrency.attr</c>, <c>action.retry</c>): what a pack's
/// <c>policies/*.yaml</c> may name as <c>policy_type</c>, and the parameters it takes.</summary>
public sealed record PolicyTypeSpec
{
    /// <summary><c>resource_type.name</c>, e.g. <c>action.concurrency</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>The name (<c>concurrency</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What the policy applies to (<c>action</c>).</summary>
    public required string ResourceType { get; init; }

    /// <summary>What the policy does.</summary>
    public string? Description { get; init; }

    /// <summary>st2's implementing module, kept for the API's shape.</summary>
    public string? Module { get; init; }

    /// <summary>The parameters, with st2's schemas (type, required, default, enum, minimum, maximum).</summary>
    public required IReadOnlyDictionary<string, ActionParameterSpec> Parameters { get; init; }
}
