namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>One entry of a compiled criteria mapping: a criterion or a group.</summary>
public abstract class CriteriaNode
{
    private protected CriteriaNode(string key)
    {
        Key = key;
    }

    /// <summary>The key as written in the rule, including any <c>#…</c> suffix.</summary>
    public string Key { get; }
}
