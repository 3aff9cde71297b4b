using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>Compiles Python-syntax regular expressions for .NET (named groups, <c>\Z</c>) with a match
/// timeout, and keeps a bounded cache of them.</summary>
internal sealed class YaqlRegexCache
{
    private const int MaxEntries = 512;
    private readonly ConcurrentDictionary<(string, RegexOptions, TimeSpan), Regex> _cache = new();

    public Regex Get(string pattern, RegexOptions options, TimeSpan timeout, int position)
    {
        if (timeout <= TimeSpan.Zero)
        {
            timeout = TimeSpan.FromSeconds(1);
        }

        var key = (pattern, options, timeout);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        Regex regex;
        try
        {
            regex = new Regex(TranslatePattern(pattern), options | RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new YaqlError("error", $"invalid regular expression {PythonSemantics.Repr(pattern)}: {ex.Message}", position);
        }

        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[key] = regex;
        return regex;
    }

    public static bool IsMatch(Regex regex, string text, int position)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw Timeout(regex, position);
        }
    }

    public static YaqlError Timeout(Regex regex, int position) =>
        new("LimitExceeded", $"Regular expression '{regex}' timed out after {regex.MatchTimeout.TotalMilliseconds} ms", position, ExpressionErrorKind.Limit);

    /// <summary>Python regex syntax to .NET: <c>(?P&lt;n&gt;</c>, <c>(?P=n)</c> and <c>\Z</c>.</summary>
    public static string TranslatePattern(string pattern)
    {
        if (!pattern.Contains("(?P", StringComparison.Ordinal) && !pattern.Contains("\\Z", StringComparison.Ordinal))
        {
            return pattern;
        }

        var builder = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(pattern[i + 1] == 'Z' ? "\\z" : pattern.Substring(i, 2));
                i++;
                continue;
            }

            if (string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                builder.Append("(?<");
                i += 3;
                continue;
            }

            if (string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                var end = pattern.IndexOf(')', i);
                if (end > 0)
                {
                    builder.Append("\\k<").Append(pattern, i + 4, end - i - 4).Append('>');
                    i = end;
                    continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Python's re.sub replacement syntax (<c>\1</c>, <c>\g&lt;name&gt;</c>) to .NET's (<c>$1</c>, <c>${name}</c>).</summary>
    public static string TranslateReplacement(string replacement)
    {
        var builder = new StringBuilder(replacement.Length);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '$')
            {
                builder.Append("$$");
                continue;
            }

            if (c != '\\' || i + 1 >= replacement.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = replacement[i + 1];
            if (char.IsAsciiDigit(next))
            {
                var j = i + 1;
                while (j < replacement.Length && j < i + 3 && char.IsAsciiDigit(replacement[j]))
                {
                    j++;
                }

                builder.Append("${").Append(replacement, i + 1, j - i - 1).Append('}');
                i = j - 1;
                continue;
            }

            if (next == 'g' && i + 2 < replacement.Length && replacement[i + 2] == '<')
            {
                var end = replacement.IndexOf('>', i + 3);
                if (end > 0)
                {
                    builder.Append("${").Append(replacement, i + 3, end - i - 3).Append('}');
                    i = end;
                    continue;
                }
            }

            switch (next)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '\\': builder.Append('\\'); break;
                default: builder.Append('\\').Append(next); break;
            }

            i++;
        }

        return builder.ToString();
    }
}
