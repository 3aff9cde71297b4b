using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Aliases;

/// <summary>
/// st2's alias matching (<c>st2common/util/actionalias_matching.py</c>): every representation of every enabled alias is
/// tried against the command; exactly one must match. As in st2 there is no "most specific" preference: a command that
/// two formats accept is refused as ambiguous, naming both, and the pack author makes the formats distinct. Formats with
/// <c>match_multiple</c> are tried only when nothing else matched.
/// </summary>
public static class AliasMatcher
{
    /// <summary>Every format entry of <paramref name="aliases"/> (st2's <c>list_format_strings_from_aliases</c>): one per
    /// representation, or one with an empty representation for a format that has only a display.</summary>
    public static IReadOnlyList<AliasFormatMatch> ListFormats(IEnumerable<ActionAliasSpec> aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        var result = new List<AliasFormatMatch>();
        foreach (var alias in aliases)
        {
            foreach (var format in alias.Formats)
            {
                var normal = AliasFormat.Normalise(format);
                if (normal.Display is { Length: > 0 } && normal.Representations.Count == 0)
                {
                    result.Add(new AliasFormatMatch(alias, format, normal.Display, string.Empty, false));
                }
                else
                {
                    result.AddRange(normal.Representations.Select(r => new AliasFormatMatch(alias, format, normal.Display, r, normal.MatchMultiple)));
                }
            }
        }

        return result;
    }

    /// <summary>The formats of <paramref name="aliases"/> that <paramref name="command"/> matches (st2's
    /// <c>match_command_to_alias</c>). A format that is not a valid pattern matches nothing (st2 would fail the whole
    /// request on it; pack validation reports it instead).</summary>
    public static IReadOnlyList<AliasFormatMatch> Match(string command, IEnumerable<ActionAliasSpec> aliases)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = new List<AliasFormatMatch>();
        foreach (var format in ListFormats(aliases))
        {
            try
            {
                new AliasFormatParser(format.Representation, command).Extract();
                result.Add(format);
            }
            catch (AliasParseException)
            {
            }
            catch (AliasFormatException)
            {
            }
        }

        return result;
    }

    /// <summary>The one format <paramref name="command"/> matches among the enabled <paramref name="aliases"/> (st2's
    /// <c>get_matching_alias</c>); throws <see cref="AliasAmbiguityException"/> with st2's message when none or several do.</summary>
    public static AliasFormatMatch MatchOne(string command, IEnumerable<ActionAliasSpec> aliases)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(aliases);
        var enabled = aliases.Where(a => a.Enabled).ToList();

        // st2 asks its database for aliases with some format not match_multiple, then for those with some that is.
        var matches = Match(command, enabled.Where(a => a.Formats.Any(f => !IsMultiple(f))));
        if (matches.Count > 1)
        {
            throw new AliasAmbiguityException($"Command '{command}' matched more than 1 pattern", command, matches);
        }

        if (matches.Count == 0)
        {
            matches = Match(command, enabled.Where(a => a.Formats.Any(IsMultiple)));
            if (matches.Count > 1)
            {
                throw new AliasAmbiguityException($"Command '{command}' matched more than 1 (multi) pattern", command, matches);
            }

            if (matches.Count == 0)
            {
                throw new AliasAmbiguityException($"Command '{command}' matched no patterns", command, matches);
            }
        }

        return matches[0];
    }

    private static bool IsMultiple(object? format) => format is IReadOnlyDictionary<string, object?> mapping && mapping.GetValueOrDefault("match_multiple") is true;
}
