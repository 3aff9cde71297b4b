using System.Globalization;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Parameters;

/// <summary>
/// StackStorm's casts of rendered parameters to their declared types (st2common/util/casts.py):
/// Python's <c>int()</c>, <c>float()</c>, <c>literal_eval</c> of booleans, JSON (else a Python literal) for arrays and
/// objects, strings must already be strings. Null stays null; the <c>use_none</c> magic string becomes null.
/// </summary>
public static class ParameterCasts
{
    /// <summary>What st2's <c>use_none</c> filter renders None as.</summary>
    public const string NoneMagicValue = "%*****__%NONE%__*****%";

    /// <summary>Casts <paramref name="value"/> to the JSON-schema <paramref name="type"/>; throws <see cref="ParameterException"/> as Python would raise.</summary>
    public static object? Cast(object? value, string? type)
    {
        if (value is null || type is null)
        {
            return value;
        }

        if (value is string magic && magic == NoneMagicValue)
        {
            return null;
        }

        return type switch
        {
            "integer" => ToInteger(value),
            "number" => ToNumber(value),
            "boolean" => ToBoolean(value),
            "string" => value is string ? value : throw new ParameterException(
                $"Value \"{PythonSemantics.Str(value)}\" must either be a string or None. Got \"{PythonSemantics.TypeName(value)}\"."),
            "array" or "object" => value is string text ? ParseComplex(text) : value,
            _ => value,
        };
    }

    private static long ToInteger(object value)
    {
        switch (value)
        {
            case long l:
                return l;
            case bool b:
                return b ? 1 : 0;
            case double d:
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    throw new ParameterException($"cannot convert float {PythonSemantics.Str(d)} to integer");
                }

                return (long)Math.Truncate(d);
            case string s:
                var text = s.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
                if (text.Length > 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                throw new ParameterException($"invalid literal for int() with base 10: {PythonSemantics.Repr(s)}");
            default:
                throw new ParameterException($"int() argument must be a string, a bytes-like object or a real number, not '{PythonSemantics.TypeName(value)}'");
        }
    }

    private static double ToNumber(object value)
    {
        switch (value)
        {
            case long l:
                return l;
            case bool b:
                return b ? 1 : 0;
            case double d:
                return d;
            case string s:
                var text = s.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
                if (text.Length > 0 && !text.Contains(',', StringComparison.Ordinal)
                    && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                throw new ParameterException($"could not convert string to float: {PythonSemantics.Repr(s)}");
            default:
                throw new ParameterException($"float() argument must be a string or a real number, not '{PythonSemantics.TypeName(value)}'");
        }
    }

    private static object? ToBoolean(object value)
    {
        if (value is not string s)
        {
            return value;
        }

        // ast.literal_eval(s.capitalize()): "true" → True, "1" → 1, anything else that is not a literal raises.
        var capitalized = s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();
        return capitalized.Trim() switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            var other when long.TryParse(other, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            _ => throw new ParameterException($"malformed node or string: {PythonSemantics.Repr(s)} cannot be cast to a boolean"),
        };
    }

    private static object? ParseComplex(string text)
    {
        if (JsonText.TryParse(text, out var value, out var error))
        {
            return value;
        }

        // st2's _cast_object: JSON, else ast.literal_eval (what Python's str() of a dict or list reads back as).
        if (PythonLiteral.TryParse(text, out var literal, out var literalError))
        {
            return literal;
        }

        throw new ParameterException(
            $"{PythonSemantics.Repr(text.Length > 200 ? text[..200] + "..." : text)} is neither JSON ({error}) nor a Python literal ({literalError})");
    }
}
