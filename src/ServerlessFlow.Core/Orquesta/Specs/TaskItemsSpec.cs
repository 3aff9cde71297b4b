namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>A task's <c>with</c>: the items expression (optionally <c>x, y in &lt;expr&gt;</c>) and the concurrency.</summary>
/// <param name="Items">The items text as written.</param>
/// <param name="Concurrency">A positive integer, an expression string, or null.</param>
public sealed record TaskItemsSpec(string Items, object? Concurrency)
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
}
