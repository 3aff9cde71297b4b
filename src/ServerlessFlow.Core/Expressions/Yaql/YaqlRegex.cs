using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>A compiled regular expression made by yaql's <c>regex()</c>; Python syntax translated to .NET,
/// always with the evaluator's match timeout.</summary>
internal sealed class YaqlRegex
{
    public YaqlRegex(string pattern, Regex regex)
    {
        Pattern = pattern;
        Regex = regex;
    }

    /// <summary>The pattern as written (Python syntax).</summary>
    public string Pattern { get; }

    public Regex Regex { get; }
}
