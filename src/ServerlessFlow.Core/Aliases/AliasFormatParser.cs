using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Aliases;

/// <summary>
/// st2's <c>ActionAliasFormatParser</c>: extracts action parameters from a chat command with an alias format
/// (<c>run {{cmd}} on {{hosts}}</c>, <c>{{ p = default }}</c>, trailing <c>key=value</c> pairs). The format is a
/// Python regular expression once its placeholders are replaced, quirks included: <c>?</c> and <c>.</c> in a format
/// are regex syntax, the command is padded with a space on each side, trailing pairs are cut from the command
/// wherever their text occurs, and a pattern without <c>^</c>/<c>$</c> is anchored at both ends. Values are strings;
/// nothing in the command is ever evaluated. Golden-tested against st2's own code (<c>Aliases/golden</c>).
/// </summary>
public sealed class AliasFormatParser
{
    /// <summary>How long one regex match may run before the command counts as not matching.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private const string Key = @"\s*(\S+?)\s*";
    private const string Value = @"""""|''|""(.+?)""|'(.+?)'|({.+?})|(\S+)";
    private const string ExtValue = @"""""|''|""(.+?)""|'(.+?)'|({.+?})|(.+?)";
    private const string Pairs = @"(?:^|\s+)" + Key + "=(" + Value + ")";
    private const string Default = @"\s*=\s*(?:" + ExtValue + @")\s*";
    private const string Optional = "{{" + Key + Default + "}}";
    private const string Required = "{{" + Key + "}}";
    private const int CacheLimit = 1024;

    // st2's snippets, unchanged: none uses syntax Python and .NET read differently.
    private static readonly Regex EndingRegex = new(@"\A(?:.*?((" + Pairs + @"\s*)*)$)", RegexOptions.Singleline | RegexOptions.CultureInvariant, MatchTimeout);
    private static readonly Regex PairsRegex = new(Pairs, RegexOptions.Singleline | RegexOptions.CultureInvariant, MatchTimeout);
    private static readonly Regex OptionalFindRegex = new(Optional, RegexOptions.Singleline | RegexOptions.CultureInvariant, MatchTimeout);
    private static readonly Regex OptionalSubRegex = new(@"(\s*)" + Optional, RegexOptions.CultureInvariant, MatchTimeout);
    private static readonly Regex RequiredSubRegex = new(@"(\s*)" + Required, RegexOptions.CultureInvariant, MatchTimeout);
    private static readonly ConcurrentDictionary<string, CompiledFormat> Cache = new(StringComparer.Ordinal);

    private readonly string _format;
    private readonly string _originalStream;
    private readonly string _stream;
    private readonly List<(string Key, string Value)> _pairs;
    private readonly CompiledFormat _compiled;

    /// <summary>Prepares to match <paramref name="command"/> against <paramref name="format"/> (null reads as empty, as in st2).
    /// Throws <see cref="AliasFormatException"/> when the format is not a valid pattern.</summary>
    public AliasFormatParser(string? format, string? command)
    {
        _format = format ?? string.Empty;
        _originalStream = command ?? string.Empty;
        (_pairs, _stream) = MatchPairsAtEnd(_originalStream);
        _compiled = Compile(_format);
    }

    /// <summary>The parameters of the first match (st2's <c>get_extracted_param_value</c>); throws
    /// <see cref="AliasParseException"/> when the command does not match.</summary>
    public Dictionary<string, object?> Extract()
    {
        Match match;
        try
        {
            match = _compiled.Regex.Match(_stream);
        }
        catch (RegexMatchTimeoutException)
        {
            match = Match.Empty;
        }

        return Parameters(match);
    }

    /// <summary>The parameters of every match, in order (st2's <c>get_multiple_extracted_param_value</c>, for formats with
    /// <c>match_multiple</c>); no match gives an empty list.</summary>
    public List<Dictionary<string, object?>> ExtractAll()
    {
        var results = new List<Dictionary<string, object?>>();
        try
        {
            foreach (Match match in _compiled.Regex.Matches(_stream))
            {
                results.Add(Parameters(match));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological command against a pathological format matches nothing, rather than hanging.
            results.Clear();
        }

        return results;
    }

    /// <summary>Whether <paramref name="command"/> matches <paramref name="format"/> (st2 calls the parser and catches
    /// <c>ParseException</c>).</summary>
    public static bool Matches(string? format, string? command)
    {
        try
        {
            new AliasFormatParser(format, command).Extract();
            return true;
        }
        catch (AliasParseException)
        {
            return false;
        }
    }

    /// <summary>Checks that <paramref name="format"/> is a valid alias format; throws <see cref="AliasFormatException"/>.</summary>
    public static void Validate(string format) => Compile(format);

    private Dictionary<string, object?> Parameters(Match match)
    {
        if (!match.Success)
        {
            throw new AliasParseException($"Command \"{_originalStream}\" doesn't match format string \"{_format}\"");
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in _compiled.Names)
        {
            var group = match.Groups[name];
            result[name] = group.Success ? group.Value : null;
        }

        foreach (var (key, fallback) in _compiled.Defaults)
        {
            if (!result.TryGetValue(key, out var matched))
            {
                // st2 reads result[key] and fails; a default whose text spans lines is found by one of its regexes and
                // not the other, so its parameter never becomes a group.
                throw new AliasParseException($"Command \"{_originalStream}\" doesn't match format string \"{_format}\"");
            }

            result[key] = matched is string { Length: > 0 } ? matched : fallback;
        }

        foreach (var (key, value) in _pairs)
        {
            result[key] = value;
        }

        if (_format.Length > 0 && PythonStrip(_stream).Length == 0 && !result.Values.Any(v => v is string { Length: > 0 }))
        {
            throw new AliasParseException("No value supplied and no default value found.");
        }

        return result;
    }

    // Step 1 of st2's parser: key=value pairs at the end of the command are taken out (everywhere their text occurs,
    // as Python's str.replace does) and the rest is padded with a space on each side.
    private static (List<(string, string)> Pairs, string Stream) MatchPairsAtEnd(string stream)
    {
        var pairs = new List<(string, string)>();
        Match ending;
        try
        {
            ending = EndingRegex.Match(stream);
        }
        catch (RegexMatchTimeoutException)
        {
            ending = Match.Empty;
        }

        if (ending.Success && ending.Groups[1].Value.Length > 0)
        {
            var text = ending.Groups[1].Value;
            foreach (Match pair in PairsRegex.Matches(text))
            {
                pairs.Add((pair.Groups[1].Value, pair.Groups[3].Value + pair.Groups[4].Value + pair.Groups[5].Value + pair.Groups[6].Value));
            }

            stream = stream.Replace(text, string.Empty, StringComparison.Ordinal);
        }

        return (pairs, " " + stream + " ");
    }

    private static CompiledFormat Compile(string format)
    {
        if (Cache.TryGetValue(format, out var cached))
        {
            return cached;
        }

        // Step 2: the optional parameters and their defaults (the default is whichever alternative matched).
        var defaults = new List<(string, string)>();
        foreach (Match optional in OptionalFindRegex.Matches(format))
        {
            defaults.Add((optional.Groups[1].Value, optional.Groups[2].Value + optional.Groups[3].Value + optional.Groups[4].Value + optional.Groups[5].Value));
        }

        // Step 3: placeholders become named groups; what else the format holds is regex syntax, as in st2.
        var pattern = OptionalSubRegex.Replace(format, m => "(?:" + ParamMatch(m.Groups[1].Value, m.Groups[2].Value) + ")?");
        pattern = RequiredSubRegex.Replace(pattern, m => ParamMatch(m.Groups[1].Value, m.Groups[2].Value));
        var parsed = AliasPattern.Parse(pattern);
        var dotNet = parsed.DotNetPattern;
        if (!parsed.HasBeginningAnchor)
        {
            dotNet = @"^\s*" + dotNet;
        }

        if (!parsed.HasEndAnchor)
        {
            dotNet += @"\s*$";
        }

        Regex regex;
        try
        {
            regex = new Regex(dotNet, RegexOptions.Singleline | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new AliasFormatException(ex.Message, ex);
        }

        var names = regex.GetGroupNames().Where(n => !n.All(char.IsAsciiDigit)).ToList();
        var compiled = new CompiledFormat(regex, names, defaults);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[format] = compiled;
        return compiled;
    }

    // st2's param_match template: the whitespace before the placeholder, optional quotes, and a named group that takes a
    // quoted text, a {…} block or the fewest characters that let the rest match.
    private static string ParamMatch(string whitespace, string key) =>
        whitespace + @"[""\']?(?P<" + key + @">(?:(?<=\').+?(?=\')|(?<="").+?(?="")|{.+?}|.+?))[""\']?";

    // Python's str.strip(): whitespace as str.isspace() defines it (which includes U+001C–U+001F).
    private static string PythonStrip(string text)
    {
        static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private sealed record CompiledFormat(Regex Regex, IReadOnlyList<string> Names, IReadOnlyList<(string Key, string Default)> Defaults);
}
