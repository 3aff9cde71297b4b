using System.Text;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>POSIX shell quoting, as Python's <c>shlex.quote</c> (st2's <c>quote_unix</c>): a value becomes one shell word that
/// the shell takes literally, so data placed in a command line is never read as shell syntax.</summary>
public static class ShellQuoting
{
    /// <summary>The value as one literal shell word: unchanged when it holds only <c>[A-Za-z0-9_@%+=:,./-]</c>, else in single
    /// quotes with each <c>'</c> written as <c>'"'"'</c>; the empty string is <c>''</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return "''";
        }

        if (value.All(IsSafe))
        {
            return value;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            // A NUL byte cannot be passed through a shell word at all; refusing is the only literal answer.
            throw new ArgumentException("A value holds a NUL character, which a shell command line cannot carry.");
        }

        var quoted = new StringBuilder(value.Length + 2);
        quoted.Append('\'').Append(value.Replace("'", "'\"'\"'", StringComparison.Ordinal)).Append('\'');
        return quoted.ToString();
    }

    /// <summary>Each value quoted, joined with single spaces.</summary>
    public static string Join(IEnumerable<string> values) => string.Join(' ', values.Select(Quote));

    /// <summary>True when <paramref name="name"/> is a portable environment variable name (<c>[A-Za-z_][A-Za-z0-9_]*</c>).</summary>
    public static bool IsVariableName(string name) =>
        !string.IsNullOrEmpty(name) && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-';
}
