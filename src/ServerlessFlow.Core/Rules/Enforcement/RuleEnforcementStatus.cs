namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>StackStorm's rule enforcement statuses.</summary>
public enum RuleEnforcementStatus
{
    /// <summary>The rule matched and its action parameters rendered: the action is to be run.</summary>
    Succeeded,

    /// <summary>The rule could not be enforced (criteria or parameter error); see the failure reason.</summary>
    Failed,
}
