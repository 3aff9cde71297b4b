namespace ServerlessFlow.Core.Packs;

/// <summary>The StackStorm criteria operators; several names map to one operator (<c>eq</c> and <c>equals</c>…).</summary>
public enum CriteriaOperator
{
    /// <summary><c>matchwildcard</c>: fnmatch-style glob, whole string.</summary>
    MatchWildcard,

    /// <summary><c>matchregex</c>: regex anchored at the start (Python <c>re.match</c>, DOTALL).</summary>
    MatchRegex,

    /// <summary><c>regex</c>: regex anywhere (Python <c>re.search</c>).</summary>
    Regex,

    /// <summary><c>iregex</c>: case-insensitive <c>regex</c>.</summary>
    IRegex,

    /// <summary><c>equals</c> / <c>eq</c>.</summary>
    Equals,

    /// <summary><c>nequals</c> / <c>neq</c>.</summary>
    NEquals,

    /// <summary><c>iequals</c> / <c>ieq</c>.</summary>
    IEquals,

    /// <summary><c>contains</c>: substring, list item or dict key.</summary>
    Contains,

    /// <summary><c>icontains</c>: case-insensitive substring.</summary>
    IContains,

    /// <summary><c>ncontains</c>.</summary>
    NContains,

    /// <summary><c>incontains</c>.</summary>
    INContains,

    /// <summary><c>startswith</c>.</summary>
    StartsWith,

    /// <summary><c>istartswith</c>.</summary>
    IStartsWith,

    /// <summary><c>endswith</c>.</summary>
    EndsWith,

    /// <summary><c>iendswith</c>.</summary>
    IEndsWith,

    /// <summary><c>lessthan</c> / <c>lt</c>.</summary>
    LessThan,

    /// <summary><c>greaterthan</c> / <c>gt</c>.</summary>
    GreaterThan,

    /// <summary><c>timediff_lt</c> / <c>td_lt</c>: the value is a date less than pattern seconds ago.</summary>
    TimeDiffLessThan,

    /// <summary><c>timediff_gt</c> / <c>td_gt</c>: the value is a date more than pattern seconds ago.</summary>
    TimeDiffGreaterThan,

    /// <summary><c>exists</c>: the key is present and not null.</summary>
    Exists,

    /// <summary><c>nexists</c>.</summary>
    NExists,

    /// <summary><c>inside</c> / <c>in</c>: the value is in the pattern.</summary>
    Inside,

    /// <summary><c>ninside</c> / <c>nin</c>.</summary>
    NInside,

    /// <summary><c>search</c>: child criteria over the items of a list (any, all, any2any, all2any).</summary>
    Search,
}
