using System.Globalization;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Expressions.Functions;

/// <summary>A SemVer 2.0 version as python-semver 3 parses, orders, matches and bumps it (st2's version_* functions).</summary>
public sealed partial class SemanticVersion
{
    private SemanticVersion(long major, long minor, long patch, string? prerelease, string? build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Build = build;
    }

    public long Major { get; }

    public long Minor { get; }

    public long Patch { get; }

    public string? Prerelease { get; }

    public string? Build { get; }

    [GeneratedRegex(@"^(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)(?:-(?<prerelease>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+(?<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses a version; ValueError "X is not valid SemVer string" otherwise.</summary>
    public static SemanticVersion Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success
            || !long.TryParse(match.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !long.TryParse(match.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !long.TryParse(match.Groups["patch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            throw new ExpressionException(ExpressionErrorKind.Evaluation, $"ValueError: {text} is not valid SemVer string", string.Empty, 0);
        }

        return new SemanticVersion(
            major,
            minor,
            patch,
            match.Groups["prerelease"].Success ? match.Groups["prerelease"].Value : null,
            match.Groups["build"].Success ? match.Groups["build"].Value : null);
    }

    /// <summary>-1, 0 or 1 by SemVer precedence (build metadata ignored).</summary>
    public int CompareTo(SemanticVersion other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        if (c != 0)
        {
            return Math.Sign(c);
        }

        if (string.Equals(Prerelease, other.Prerelease, StringComparison.Ordinal))
        {
            return 0;
        }

        if (Prerelease is null)
        {
            return 1;
        }

        if (other.Prerelease is null)
        {
            return -1;
        }

        var a = Prerelease.Split('.');
        var b = other.Prerelease.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNum = a[i].All(char.IsAsciiDigit);
            var bNum = b[i].All(char.IsAsciiDigit);
            int part;
            if (aNum && bNum)
            {
                part = decimal.Parse(a[i], CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b[i], CultureInfo.InvariantCulture));
            }
            else if (aNum != bNum)
            {
                part = aNum ? -1 : 1;
            }
            else
            {
                part = string.CompareOrdinal(a[i], b[i]);
            }

            if (part != 0)
            {
                return Math.Sign(part);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>python-semver's match: "&lt;op&gt;version" with op one of &lt; &gt; == &lt;= &gt;= != (none means ==).</summary>
    public bool Match(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        string op;
        string version;
        var prefix = expression.Length >= 2 ? expression[..2] : expression;
        if (prefix is ">=" or "<=" or "==" or "!=")
        {
            op = prefix;
            version = expression[2..];
        }
        else if (prefix.Length > 0 && prefix[0] is '>' or '<')
        {
            op = prefix[..1];
            version = expression[1..];
        }
        else if (expression.Length > 0 && char.IsAsciiDigit(expression[0]))
        {
            op = "==";
            version = expression;
        }
        else
        {
            throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                "ValueError: match_expr parameter should be in format <op><ver>, where <op> is one of ['<', '>', '==', '<=', '>=', '!=']. You provided: " + PythonQuote(expression),
                string.Empty,
                0);
        }

        var c = CompareTo(Parse(version));
        return op switch
        {
            "<" => c < 0,
            ">" => c > 0,
            "==" => c == 0,
            "<=" => c <= 0,
            ">=" => c >= 0,
            _ => c != 0,
        };
    }

    private static string PythonQuote(string s) => s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? "\"" + s + "\"" : "'" + s.Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public string BumpMajor() => string.Create(CultureInfo.InvariantCulture, $"{Major + 1}.0.0");

    public string BumpMinor() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor + 1}.0");

    public string BumpPatch() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch + 1}");

    public string StripPatch() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}") + (Prerelease is null ? string.Empty : "-" + Prerelease) + (Build is null ? string.Empty : "+" + Build);
}
