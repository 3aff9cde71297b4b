namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>StackStorm's rule types.</summary>
public enum RuleKind
{
    /// <summary>Evaluated in the first pass.</summary>
    Standard,

    /// <summary>Fires only when no standard rule for the same trigger matched.</summary>
    Backstop,
}
