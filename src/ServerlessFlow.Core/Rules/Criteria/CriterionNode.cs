using System.Text.RegularExpressions;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>One StackStorm criterion (<c>key: {type, pattern, condition}</c>) with its key path parsed,
/// and its pattern (when it is not a template) prepared and its regex compiled once.</summary>
public sealed class CriterionNode : CriteriaNode
{
    internal CriterionNode(string key, KeyPath path, string? operatorName, CriteriaOperator? op, object? pattern, string? condition)
        : base(key)
    {
        Path = path;
        OperatorName = operatorName;
        Operator = op;
        Pattern = pattern;
        Condition = condition;
    }

    /// <summary>The payload path (the key before any <c>#</c>).</summary>
    public KeyPath Path { get; }

    /// <summary>The operator name as written; null when the criterion has no <c>type</c> (StackStorm: never matches).</summary>
    public string? OperatorName { get; }

    /// <summary>The operator; null when there is no <c>type</c>.</summary>
    public CriteriaOperator? Operator { get; }

    /// <summary>The pattern as written.</summary>
    public object? Pattern { get; }

    /// <summary>The <c>condition</c> of a search criterion.</summary>
    public string? Condition { get; }

    /// <summary>True when the pattern is a string holding Jinja (<c>{{</c>, <c>{%</c>, <c>{#</c>): rendered per event.</summary>
    public bool PatternIsTemplate { get; internal set; }

    /// <summary>The pattern as Jinja would render constant text (newlines normalised, one trailing newline dropped).</summary>
    internal object? ConstantPattern { get; set; }

    /// <summary>The compiled regex of a regex operator with a constant pattern.</summary>
    internal Regex? ConstantRegex { get; set; }

    /// <summary>Why a constant pattern cannot work (e.g. a bad regex): the criterion fails with this reason.</summary>
    public string? PatternProblem { get; internal set; }

    /// <summary>The child criteria of a <c>search</c> criterion (looked up under <c>item</c>).</summary>
    public CompiledCriteria? SearchCriteria { get; internal set; }
}
