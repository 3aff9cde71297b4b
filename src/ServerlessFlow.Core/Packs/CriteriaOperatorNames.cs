using System.Collections.Frozen;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// StackStorm's criteria operator names (st2common/operators.py), long and short, mapped to their
/// operator. The one table both the pack reader (validation) and the rules engine (evaluation) use.
/// </summary>
public static class CriteriaOperatorNames
{
    /// <summary>Every operator name StackStorm accepts (lower case; lookups ignore case).</summary>
    public static FrozenDictionary<string, CriteriaOperator> Names { get; } = new Dictionary<string, CriteriaOperator>(StringComparer.OrdinalIgnoreCase)
    {
        ["matchwildcard"] = CriteriaOperator.MatchWildcard,
        ["matchregex"] = CriteriaOperator.MatchRegex,
        ["regex"] = CriteriaOperator.Regex,
        ["iregex"] = CriteriaOperator.IRegex,
        ["eq"] = CriteriaOperator.Equals,
        ["equals"] = CriteriaOperator.Equals,
        ["nequals"] = CriteriaOperator.NEquals,
        ["neq"] = CriteriaOperator.NEquals,
        ["ieq"] = CriteriaOperator.IEquals,
        ["iequals"] = CriteriaOperator.IEquals,
        ["contains"] = CriteriaOperator.Contains,
        ["icontains"] = CriteriaOperator.IContains,
        ["ncontains"] = CriteriaOperator.NContains,
        ["incontains"] = CriteriaOperator.INContains,
        ["startswith"] = CriteriaOperator.StartsWith,
        ["istartswith"] = CriteriaOperator.IStartsWith,
        ["endswith"] = CriteriaOperator.EndsWith,
        ["iendswith"] = CriteriaOperator.IEndsWith,
        ["lt"] = CriteriaOperator.LessThan,
        ["lessthan"] = CriteriaOperator.LessThan,
        ["gt"] = CriteriaOperator.GreaterThan,
        ["greaterthan"] = CriteriaOperator.GreaterThan,
        ["td_lt"] = CriteriaOperator.TimeDiffLessThan,
        ["timediff_lt"] = CriteriaOperator.TimeDiffLessThan,
        ["td_gt"] = CriteriaOperator.TimeDiffGreaterThan,
        ["timediff_gt"] = CriteriaOperator.TimeDiffGreaterThan,
        ["exists"] = CriteriaOperator.Exists,
        ["nexists"] = CriteriaOperator.NExists,
        ["inside"] = CriteriaOperator.Inside,
        ["in"] = CriteriaOperator.Inside,
        ["ninside"] = CriteriaOperator.NInside,
        ["nin"] = CriteriaOperator.NInside,
        ["search"] = CriteriaOperator.Search,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Looks an operator name up, ignoring case as StackStorm does.</summary>
    public static bool TryParse(string name, out CriteriaOperator op) => Names.TryGetValue(name, out op);
}
