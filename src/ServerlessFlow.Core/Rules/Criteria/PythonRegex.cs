using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>
/// Translates Python regular expressions and fnmatch globs to .NET regexes with a match timeout,
/// so that a pattern that backtracks catastrophically fails the criterion instead of hanging.
/// Python-only syntax handled: <c>(?P&lt;name&gt;…)</c>, <c>(?P=name)</c>, <c>\Z</c>.
/// </summary>
internal static class PythonRegex
{
    private const int CacheLimit = 512;
    private static readonly ConcurrentDictionary<(string, RegexOptions, TimeSpan), Regex> Cache = new();

    /// <summary>Compiles a Python regex; a syntax error becomes a <see cref="CriterionFailureException"/>.</summary>
    public static Regex Compile(string pattern, RegexOptions options, TimeSpan timeout, bool anchored = false) =>
        Cached((anchored ? "\0match:" : string.Empty) + pattern, options, timeout,
            () => anchored ? "\\A(?:" + Translate(pattern) + ")" : Translate(pattern));

    /// <summary>Compiles an fnmatch glob (case-sensitive, as on POSIX).</summary>
    public static Regex CompileWildcard(string pattern, TimeSpan timeout) =>
        Cached("\0glob:" + pattern, RegexOptions.Singleline, timeout, () => TranslateWildcard(pattern));

    private static Regex Cached(string key, RegexOptions options, TimeSpan timeout, Func<string> translate)
    {
        if (Cache.TryGetValue((key, options, timeout), out var cached))
        {
            return cached;
        }

        Regex regex;
        try
        {
            regex = new Regex(translate(), options | RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new CriterionFailureException($"invalid regular expression: {ex.Message}");
        }

        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[(key, options, timeout)] = regex;
        return regex;
    }

    /// <summary>Rewrites Python-only regex syntax to .NET syntax.</summary>
    public static string Translate(string pattern)
    {
        var builder = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                builder.Append(!inClass && next == 'Z' ? "\\z" : string.Concat("\\", next.ToString()));
                i++;
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[')
                {
                    // .NET reads "-[" inside a class as subtraction; Python reads a literal '['.
                    builder.Append('\\');
                }

                builder.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                builder.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    builder.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    builder.Append("\\]");
                    i++;
                }

                continue;
            }

            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                builder.Append("(?<");
                i += 3;
                continue;
            }

            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                var close = pattern.IndexOf(')', i);
                if (close > 0)
                {
                    builder.Append("\\k<").Append(pattern, i + 4, close - i - 4).Append('>');
                    i = close;
                    continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Python's fnmatch.translate: the whole string must match.</summary>
    public static string TranslateWildcard(string pattern)
    {
        var builder = new StringBuilder("^(?:");
        var i = 0;
        var n = pattern.Length;
        var lastWasStar = false;
        while (i < n)
        {
            var c = pattern[i++];
            var isStar = c == '*';
            switch (c)
            {
                case '*':
                    if (!lastWasStar)
                    {
                        builder.Append(".*");
                    }

                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[':
                    var j = i;
                    if (j < n && pattern[j] == '!')
                    {
                        j++;
                    }

                    if (j < n && pattern[j] == ']')
                    {
                        j++;
                    }

                    while (j < n && pattern[j] != ']')
                    {
                        j++;
                    }

                    if (j >= n)
                    {
                        builder.Append("\\[");
                        break;
                    }

                    var stuff = pattern[i..j].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);
                    i = j + 1;
                    if (stuff.Length == 0)
                    {
                        builder.Append("(?!)");
                    }
                    else if (stuff == "!")
                    {
                        builder.Append('.');
                    }
                    else
                    {
                        if (stuff[0] == '!')
                        {
                            stuff = "^" + stuff[1..];
                        }
                        else if (stuff[0] == '^')
                        {
                            stuff = "\\" + stuff;
                        }

                        builder.Append('[').Append(stuff).Append(']');
                    }

                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }

            lastWasStar = isStar;
        }

        return builder.Append(")\\z").ToString();
    }
}
