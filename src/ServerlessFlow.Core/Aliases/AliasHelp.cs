using System.Text.RegularExpressions;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Aliases;

/// <summary>st2's alias help (<c>st2common/util/actionalias_helpstring.py</c>): the display text of every format of the
/// enabled aliases, filtered by a case-insensitive Python regex and a pack, paged by limit and offset with st2's counting
/// (<c>available</c> counts every entry that passed the filters, shown or not).</summary>
public static class AliasHelp
{
    /// <summary>The help entries (st2's <c>generate_helpstring_result</c>); throws <see cref="AliasFormatException"/> when
    /// <paramref name="filter"/> is not a valid pattern.</summary>
    public static AliasHelpResult Generate(IEnumerable<ActionAliasSpec> aliases, string? filter = null, string? pack = null, int limit = 0, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        Regex search;
        try
        {
            search = new Regex(AliasPattern.Parse(filter ?? string.Empty).DotNetPattern,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, AliasFormatParser.MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new AliasFormatException($"invalid help filter '{filter}': {ex.Message}", ex);
        }

        var entries = new List<AliasHelpEntry>();
        var count = 0;
        foreach (var alias in aliases)
        {
            if (!alias.Enabled || (!string.IsNullOrEmpty(pack) && pack != alias.Pack))
            {
                continue;
            }

            foreach (var format in alias.Formats)
            {
                var display = AliasFormat.Normalise(format).Display;
                if (string.IsNullOrEmpty(display) || !IsMatch(search, display))
                {
                    continue;
                }

                var skip = (offset == 0 && limit > 0 && count >= limit)
                    || (offset > 0 && limit == 0 && count < offset)
                    || (offset > 0 && limit > 0 && (count < offset || count >= offset + limit));
                if (!skip)
                {
                    entries.Add(new AliasHelpEntry(alias.Pack, display, alias.Description));
                }

                count++;
            }
        }

        return new AliasHelpResult(count, entries);
    }

    private static bool IsMatch(Regex search, string display)
    {
        try
        {
            return search.IsMatch(display);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
