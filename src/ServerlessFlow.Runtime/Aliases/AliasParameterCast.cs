using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Aliases;

/// <summary>
/// st2's <c>cast_params</c> as the alias execution controller calls it: each value extracted from a command (always text)
/// is cast by the declared type of the action's (or runner's) parameter of that name, with st2's casts — <c>array</c> split
/// on commas (the controller's override: <c>"a, b"</c> is <c>["a", "b"]</c>; a list given as immutable stays as it is),
/// <c>integer</c> and <c>number</c> as Python's <c>int()</c>/<c>float()</c>, <c>boolean</c> as <c>ast.literal_eval</c> of the
/// capitalised text, <c>object</c> from JSON. Parameters without a declared type stay text.
/// </summary>
public static partial class AliasParameterCast
{
    // st2's data.NONE_MAGIC_VALUE: text that means None.
    private const string NoneMagicValue = "%*****__%NONE%__*****%";

    /// <summary>Casts <paramref name="parameters"/> for <paramref name="action"/>; throws <see cref="AliasExecutionException"/> with
    /// st2's message when a value does not cast.</summary>
    public static Dictionary<string, object?> Cast(ActionSpec action, Dictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(parameters);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            var type = action.EffectiveParameters.TryGetValue(name, out var spec) ? spec.Type : null;
            try
            {
                result[name] = type is null ? value : CastOne(type, value);
            }
            catch (FormatException ex)
            {
                throw new AliasExecutionException(
                    $"Failed to cast value \"{Str(value)}\" (type: {TypeName(value)}) for parameter \"{name}\" of type \"{type}\": {ex.Message}. Perhaps the value is of an invalid type?");
            }
        }

        return result;
    }

    private static object? CastOne(string type, object? value)
    {
        if (value is NoneMagicValue && type != "array")
        {
            return null;
        }

        return type switch
        {
            "array" => value is string text ? text.Split(',').Select(s => (object?)s.Trim()).ToList() : value,
            "boolean" => value is string b ? LiteralEval(Capitalize(b)) : value,
            "integer" => Integer(value),
            "number" => Number(value),
            "object" => value is string json ? JsonText.TryParse(json, out var parsed, out var error) ? parsed : throw new FormatException($"'{json}' is not JSON ({error})") : value,
            "string" => value is null or string ? value : throw new FormatException($"Value \"{Str(value)}\" must either be a string or None. Got \"{TypeName(value)}\""),
            _ => value,
        };
    }

    private static object Integer(object? value) => value switch
    {
        long or int => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        bool flag => flag ? 1L : 0L,
        double d when double.IsFinite(d) => (long)Math.Truncate(d),
        string text when IntegerText().IsMatch(text.Trim()) =>
            long.TryParse(text.Trim().Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new FormatException($"int too large to convert: '{text}'"),
        _ => throw new FormatException($"invalid literal for int() with base 10: {Repr(value)}"),
    };

    private static object Number(object? value)
    {
        switch (value)
        {
            case long or int or double:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case bool flag:
                return flag ? 1.0 : 0.0;
            case string text:
                var trimmed = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
                switch (trimmed.TrimStart('+', '-'))
                {
                    case "inf" or "infinity":
                        return trimmed.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
                    case "nan":
                        return double.NaN;
                }

                if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && FloatText().IsMatch(trimmed))
                {
                    return d;
                }

                throw new FormatException($"could not convert string to float: {Repr(value)}");
            default:
                throw new FormatException($"float() argument must be a string or a real number, not '{TypeName(value)}'");
        }
    }

    // ast.literal_eval of the few literals a capitalised word can be.
    private static object? LiteralEval(string text) => text.Trim() switch
    {
        "True" => true,
        "False" => false,
        "None" => null,
        var t when IntegerText().IsMatch(t) && long.TryParse(t.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        var t when FloatText().IsMatch(t) && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw new FormatException($"malformed node or string: {Repr(text)}"),
    };

    // Python's str.capitalize: the first character upper case, the rest lower case.
    private static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].ToLowerInvariant();

    private static string Str(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        _ => Core.Expressions.Functions.PythonJson.Dumps(value),
    };

    private static string Repr(object? value) => value is string s ? "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'" : Str(value);

    private static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        string => "str",
        bool => "bool",
        long or int => "int",
        double => "float",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        _ => value.GetType().Name,
    };

    [GeneratedRegex(@"^[+-]?[0-9]+(_[0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerText();

    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FloatText();
}
