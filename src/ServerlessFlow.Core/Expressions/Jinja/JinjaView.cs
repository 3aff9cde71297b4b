namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>A Python iterable that is not a list but behaves as one here: <c>dict.keys()</c>,
/// <c>dict.values()</c>, <c>dict.items()</c> and <c>range(…)</c>. It keeps Python's <c>str()</c>
/// (<c>dict_keys([...])</c>, <c>range(0, 3)</c>); results leave the Jinja layer as plain lists.</summary>
internal sealed class JinjaView : List<object?>
{
    public JinjaView(IEnumerable<object?> items, string prefix, string? fixedRepr = null)
        : base(items)
    {
        Prefix = prefix;
        FixedRepr = fixedRepr;
    }

    /// <summary>The wrapper name in str(): dict_keys, dict_values, dict_items.</summary>
    public string Prefix { get; }

    /// <summary>A complete str() (for ranges).</summary>
    public string? FixedRepr { get; }
}
