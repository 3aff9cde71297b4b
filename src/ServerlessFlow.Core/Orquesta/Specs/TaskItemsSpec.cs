using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>A task's <c>with</c>: the items expression (optionally <c>x, y in &lt;expr&gt;</c>) and the concurrency.</summary>
/// <param name="Items">The items text as written.</param>
/// <param name="Concurrency">A positive integer, an expression string, or null.</param>
public sealed partial record TaskItemsSpec(string Items, object? Concurrency)
{
    /// <summary>The expression that yields the list of items.</summary>
    public string ItemsExpression
    {
        get
        {
            var at = Items.IndexOf(" in ", StringComparison.Ordinal);
            return at < 0 ? Items.Trim() : Items[(at + 4)..].Trim();
        }
    }

    /// <summary>The item variable names (<c>x, y in …</c>), or null when none are named.</summary>
    public IReadOnlyList<string>? ItemKeys
    {
        get
        {
            var at = Items.IndexOf(" in ", StringComparison.Ordinal);
            return at < 0 ? null : Items[..at].Replace(" ", string.Empty, StringComparison.Ordinal).Split(',');
        }
    }

    /// <summary>
    /// Whether the items expression can only depend on the task's input context, which does not change while the task is
    /// staged: then its list may be rendered once per staged task rather than once per item event (orquesta renders it on
    /// every pass, which makes a with-items task quadratic). Conservative: any name that could read something else —
    /// other tasks' state or results, the key-value store, random numbers, the clock — renders it every time, as orquesta.
    /// </summary>
    public bool ItemsReadOnlyContext => !StatefulNames().IsMatch(ItemsExpression);

    [GeneratedRegex(@"task|result|succeeded|failed|completed|abended|random|st2kv|decrypt|now|time|uuid|item|env|system|config", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatefulNames();
}
