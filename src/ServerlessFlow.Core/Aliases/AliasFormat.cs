namespace ServerlessFlow.Core.Aliases;

/// <summary>One entry of an alias's <c>formats</c>, normalised as st2's <c>normalise_alias_format_string</c> does: a string
/// is both the help text (<c>display</c>) and the one pattern (<c>representation</c>); a mapping gives <c>display</c>,
/// <c>representation</c> (a string or a list of strings) and <c>match_multiple</c>.</summary>
/// <param name="Display">The help text; null when the mapping has none.</param>
/// <param name="Representations">The patterns commands are matched against.</param>
/// <param name="MatchMultiple">True when one command may run the action once per match.</param>
public sealed record AliasFormat(string? Display, IReadOnlyList<string> Representations, bool MatchMultiple)
{
    /// <summary>Normalises one format as written in the alias file; throws <see cref="AliasFormatException"/> for a
    /// format that is neither a string nor a mapping (st2's TypeError).</summary>
    public static AliasFormat Normalise(object? format)
    {
        switch (format)
        {
            case string text:
                return new AliasFormat(text, [text], false);
            case IReadOnlyDictionary<string, object?> mapping:
                var display = mapping.GetValueOrDefault("display") as string;
                var representation = mapping.GetValueOrDefault("representation") switch
                {
                    string one => [one],
                    IEnumerable<object?> many => many.Select(r => r as string ?? throw new AliasFormatException(
                        $"alias format representation {Describe(r)} is not a string")).ToList(),
                    _ => new List<string>(),
                };
                return new AliasFormat(display, representation, mapping.GetValueOrDefault("match_multiple") is true);
            default:
                throw new AliasFormatException($"alias_format {Describe(format)} is neither a dictionary or string type.");
        }
    }

    /// <summary>st2's <c>get_format_strings</c>: every representation, and a string format itself; a mapping without
    /// representations counts as no format string.</summary>
    public static IReadOnlyList<string> FormatStrings(IEnumerable<object?> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        var result = new List<string>();
        foreach (var format in formats)
        {
            if (format is string text)
            {
                result.Add(text);
            }
            else if (format is not null)
            {
                result.AddRange(Normalise(format).Representations);
            }
        }

        return result;
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => "'" + s + "'",
        _ => Expressions.Functions.PythonJson.Dumps(value),
    };
}
