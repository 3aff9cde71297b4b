namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>The boolean groups ServerlessFlow adds to StackStorm criteria (keys <c>and</c>, <c>or</c>, <c>not</c>).</summary>
public enum CriteriaGroupKind
{
    /// <summary>Every member passes.</summary>
    And,

    /// <summary>At least one member passes.</summary>
    Or,

    /// <summary>The member (a criteria mapping, all of whose entries must pass) does not pass.</summary>
    Not,
}
