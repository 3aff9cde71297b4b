namespace ServerlessFlow.Core.Aliases;

/// <summary>The answer of <c>actionalias/help</c>: how many help entries passed the filters, and the page of them.</summary>
/// <param name="Available">Entries that passed the filters (st2's <c>available</c>).</param>
/// <param name="HelpStrings">The entries shown (st2's <c>helpstrings</c>).</param>
public sealed record AliasHelpResult(int Available, IReadOnlyList<AliasHelpEntry> HelpStrings)
{
    /// <summary>st2's JSON shape: <c>{"available": n, "helpstrings": [{"pack", "display", "description"}]}</c>.</summary>
    public Dictionary<string, object?> ToPlain() => new(StringComparer.Ordinal)
    {
        ["available"] = (long)Available,
        ["helpstrings"] = HelpStrings.Select(h => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["pack"] = h.Pack,
            ["display"] = h.Display,
            ["description"] = h.Description,
        }).ToList(),
    };
}
