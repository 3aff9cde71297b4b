using ServerlessFlow.Core.Rules.Criteria;

namespace ServerlessFlow.Core.Rules.Testing;

/// <summary>Everything the rule tester found out about one rule and one trigger instance.</summary>
public sealed record RuleTestReport
{
    /// <summary>The rule's ref.</summary>
    public required string RuleRef { get; init; }

    /// <summary>Whether the rule is enabled (the tester evaluates disabled rules as if enabled, like st2-rule-tester).</summary>
    public required bool Enabled { get; init; }

    /// <summary>The trigger type the rule listens to.</summary>
    public required string RuleTriggerType { get; init; }

    /// <summary>The trigger type of the instance.</summary>
    public required string InstanceTriggerType { get; init; }

    /// <summary>True when the rule would fire: same trigger type, criteria pass, parameters render.</summary>
    public required bool Matched { get; init; }

    /// <summary>Per-criterion detail.</summary>
    public IReadOnlyList<CriterionTrace> Criteria { get; init; } = [];

    /// <summary>The first evaluation error (what StackStorm would record as a failed enforcement).</summary>
    public string? CriteriaError { get; init; }

    /// <summary>The rendered action parameters (secrets masked when the action declares them); null when not rendered.</summary>
    public IReadOnlyDictionary<string, object?>? Parameters { get; init; }

    /// <summary>Why the parameters did not render.</summary>
    public string? ParameterError { get; init; }

    /// <summary>The action the rule runs.</summary>
    public required string ActionRef { get; init; }

    /// <summary>Payload violations of the trigger type's schema.</summary>
    public IReadOnlyList<string> PayloadProblems { get; init; } = [];

    /// <summary>Remarks: disabled rule, unknown trigger type, trigger type mismatch, criteria problems.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
