using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>A rule as declared in <c>rules/*.yaml</c>: when this trigger fires and the criteria hold, run that action.</summary>
public sealed record RuleSpec
{
    /// <summary><c>pack.name</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>The rule's name within its pack.</summary>
    public required string Name { get; init; }

    /// <summary>The pack's ref.</summary>
    public required string Pack { get; init; }

    /// <summary>What the rule is for.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the rule is evaluated (StackStorm's default is false).</summary>
    public bool Enabled { get; init; }

    /// <summary>The trigger type and parameters.</summary>
    public required RuleTriggerSpec Trigger { get; init; }

    /// <summary>The top-level StackStorm criteria, in file order (and/or/not groups are only in <see cref="CriteriaMapping"/>).</summary>
    public IReadOnlyList<RuleCriterionSpec> Criteria { get; init; } = [];

    /// <summary>
    /// The <c>criteria</c> mapping as written, groups and search conditions included: what the rules
    /// engine compiles. Positions are in <see cref="SourceMap"/> under <c>criteria</c>. Null when the rule has no criteria.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? CriteriaMapping { get; init; }

    /// <summary>The action to run.</summary>
    public required RuleActionSpec Action { get; init; }

    /// <summary><c>standard</c> or <c>backstop</c> (a backstop rule fires only when no standard rule matched).</summary>
    public string RuleType { get; init; } = "standard";

    /// <summary>The <c>context</c> mapping, as written.</summary>
    public IReadOnlyDictionary<string, object?>? Context { get; init; }

    /// <summary>User tags.</summary>
    public IReadOnlyList<TagSpec> Tags { get; init; } = [];

    /// <summary>The metadata file relative to the pack folder.</summary>
    public required string MetadataFile { get; init; }

    /// <summary>Positions of the metadata file's fields, for diagnostics about this item.</summary>
    public SourceMap SourceMap { get; init; } = SourceMap.Empty;

    /// <summary>Where the rule's document starts.</summary>
    public SourcePosition DefinedAt { get; init; } = SourcePosition.Start;
}
