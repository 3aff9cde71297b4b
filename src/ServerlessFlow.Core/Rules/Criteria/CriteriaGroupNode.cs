namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>An <c>and</c> / <c>or</c> / <c>not</c> group of criteria mappings.</summary>
public sealed class CriteriaGroupNode : CriteriaNode
{
    internal CriteriaGroupNode(string key, CriteriaGroupKind kind, IReadOnlyList<CompiledCriteria> members)
        : base(key)
    {
        Kind = kind;
        Members = members;
    }

    /// <summary>How the members combine.</summary>
    public CriteriaGroupKind Kind { get; }

    /// <summary>The member mappings (one for <c>not</c>).</summary>
    public IReadOnlyList<CompiledCriteria> Members { get; }
}
