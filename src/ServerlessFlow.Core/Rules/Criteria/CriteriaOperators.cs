using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>
/// StackStorm's 33 operator names and their semantics, ported from st2common/operators.py:
/// a null pattern fails every operator except <c>nequals</c>, <c>exists</c> and <c>nexists</c>;
/// values are never coerced; where Python raises, a <see cref="CriterionFailureException"/> is thrown.
/// </summary>
public static class CriteriaOperators
{
    /// <summary>Every operator name StackStorm accepts (lower case; lookups ignore case); the table lives with the pack model.</summary>
    public static FrozenDictionary<string, CriteriaOperator> Names => CriteriaOperatorNames.Names;

    /// <summary>Looks an operator name up, ignoring case as StackStorm does.</summary>
    public static bool TryParse(string name, out CriteriaOperator op) => CriteriaOperatorNames.TryParse(name, out op);

    /// <summary>True for operators whose pattern is a regular expression or a glob (compiled once).</summary>
    public static bool UsesRegex(CriteriaOperator op) =>
        op is CriteriaOperator.MatchWildcard or CriteriaOperator.MatchRegex or CriteriaOperator.Regex or CriteriaOperator.IRegex;

    /// <summary>Compiles the pattern of a regex operator; throws <see cref="CriterionFailureException"/> as Python's re.compile would.</summary>
    public static Regex CompilePattern(CriteriaOperator op, object? pattern, TimeSpan timeout)
    {
        if (pattern is not string text)
        {
            throw new CriterionFailureException(op == CriteriaOperator.MatchWildcard
                ? $"expected str, bytes or os.PathLike object, not {PythonSemantics.TypeName(pattern)}"
                : "first argument must be string or compiled pattern");
        }

        return op switch
        {
            CriteriaOperator.MatchWildcard => PythonRegex.CompileWildcard(text, timeout),
            CriteriaOperator.MatchRegex => PythonRegex.Compile(text, RegexOptions.Singleline, timeout, anchored: true),
            CriteriaOperator.IRegex => PythonRegex.Compile(text, RegexOptions.IgnoreCase, timeout),
            _ => PythonRegex.Compile(text, RegexOptions.None, timeout),
        };
    }

    /// <summary>Applies a (non-search) operator. <paramref name="regex"/> is the compiled pattern for regex operators
    /// (compiled from <paramref name="pattern"/> when null).</summary>
    public static bool Apply(CriteriaOperator op, object? value, object? pattern, Regex? regex, TimeProvider clock, TimeSpan regexTimeout)
    {
        ArgumentNullException.ThrowIfNull(clock);
        switch (op)
        {
            case CriteriaOperator.NEquals:
                return !PythonSemantics.Equal(value, pattern);
            case CriteriaOperator.Exists:
                return value is not null;
            case CriteriaOperator.NExists:
                return value is null;
            case CriteriaOperator.Search:
                throw new InvalidOperationException("search is evaluated by the criteria evaluator");
        }

        if (pattern is null)
        {
            return false;
        }

        switch (op)
        {
            case CriteriaOperator.Equals:
                return PythonSemantics.Equal(value, pattern);
            case CriteriaOperator.IEquals:
                // Python evaluates value.lower() before pattern.lower().
                var lowerValue = PythonSemantics.Lower(value);
                return string.Equals(lowerValue, PythonSemantics.Lower(pattern), StringComparison.Ordinal);
            case CriteriaOperator.Contains:
                return PythonSemantics.In(pattern, value);
            case CriteriaOperator.NContains:
                return !PythonSemantics.In(pattern, value);
            case CriteriaOperator.IContains:
            {
                var p = PythonSemantics.Lower(pattern);
                return PythonSemantics.Lower(value).Contains(p, StringComparison.Ordinal);
            }

            case CriteriaOperator.INContains:
            {
                var p = PythonSemantics.Lower(pattern);
                return !PythonSemantics.Lower(value).Contains(p, StringComparison.Ordinal);
            }

            case CriteriaOperator.StartsWith:
                return PythonSemantics.Receiver(value, "startswith").StartsWith(PythonSemantics.AffixArgument(pattern, "startswith"), StringComparison.Ordinal);
            case CriteriaOperator.IStartsWith:
                return PythonSemantics.Lower(value).StartsWith(PythonSemantics.Lower(pattern), StringComparison.Ordinal);
            case CriteriaOperator.EndsWith:
                return PythonSemantics.Receiver(value, "endswith").EndsWith(PythonSemantics.AffixArgument(pattern, "endswith"), StringComparison.Ordinal);
            case CriteriaOperator.IEndsWith:
                return PythonSemantics.Lower(value).EndsWith(PythonSemantics.Lower(pattern), StringComparison.Ordinal);
            case CriteriaOperator.LessThan:
                return PythonSemantics.Compare(value, pattern, "<") < 0;
            case CriteriaOperator.GreaterThan:
                return PythonSemantics.Compare(value, pattern, ">") > 0;
            case CriteriaOperator.Inside:
                return PythonSemantics.In(value, pattern);
            case CriteriaOperator.NInside:
                return !PythonSemantics.In(value, pattern);
            case CriteriaOperator.TimeDiffLessThan:
                return TimeDiffSeconds(value, clock) < PythonFloat(pattern);
            case CriteriaOperator.TimeDiffGreaterThan:
                return TimeDiffSeconds(value, clock) > PythonFloat(pattern);
            case CriteriaOperator.MatchWildcard:
            case CriteriaOperator.MatchRegex:
            case CriteriaOperator.Regex:
            case CriteriaOperator.IRegex:
                return MatchRegex(op, value, pattern, regex, regexTimeout);
            default:
                throw new InvalidOperationException($"operator {op} is not implemented");
        }
    }

    private static bool MatchRegex(CriteriaOperator op, object? value, object? pattern, Regex? regex, TimeSpan timeout)
    {
        regex ??= CompilePattern(op, pattern, timeout);
        if (value is not string text)
        {
            throw new CriterionFailureException(op == CriteriaOperator.MatchWildcard
                ? $"expected str, bytes or os.PathLike object, not {PythonSemantics.TypeName(value)}"
                : $"expected string or bytes-like object, got '{PythonSemantics.TypeName(value)}'");
        }

        try
        {
            // matchregex and the wildcard translation carry their own \A anchor (Python's re.match).
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new CriterionFailureException(
                $"the regular expression \"{regex}\" took longer than {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms on the value (catastrophic backtracking?)");
        }
    }

    private static double TimeDiffSeconds(object? value, TimeProvider clock)
    {
        var target = PythonDates.Parse(PythonSemantics.Str(value));
        return (clock.GetUtcNow() - target).TotalSeconds;
    }

    /// <summary>Python's <c>float(x)</c>.</summary>
    private static double PythonFloat(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => d,
        string s => ParseFloat(s),
        _ => throw new CriterionFailureException($"float() argument must be a string or a real number, not '{PythonSemantics.TypeName(value)}'"),
    };

    private static double ParseFloat(string s)
    {
        var text = s.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && !text.Contains(',', StringComparison.Ordinal))
        {
            return result;
        }

        return text.ToLowerInvariant() switch
        {
            "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            "nan" or "+nan" or "-nan" => double.NaN,
            _ => throw new CriterionFailureException($"could not convert string to float: {PythonSemantics.Repr(s)}"),
        };
    }
}
