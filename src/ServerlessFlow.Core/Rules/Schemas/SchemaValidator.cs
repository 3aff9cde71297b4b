using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Schemas;

/// <summary>
/// The JSON-schema subset StackStorm's trigger and action schemas use (draft 4 plus draft 3's
/// per-property <c>required: true</c>): type, properties, required, additionalProperties, enum,
/// items, anyOf, oneOf, allOf, not, minimum, maximum, minLength, maxLength, pattern, minItems,
/// maxItems, format date-time. Every violation is reported with its path.
/// </summary>
public static class SchemaValidator
{
    private const int MaxDepth = 64;

    /// <summary>Validates <paramref name="value"/>; returns the violations (empty when valid), each "path: reason".</summary>
    public static IReadOnlyList<string> Validate(object? value, object? schema, string rootName = "payload")
    {
        var errors = new List<string>();
        Check(value, schema, rootName, errors, 0);
        return errors;
    }

    private static void Check(object? value, object? schemaValue, string path, List<string> errors, int depth)
    {
        if (schemaValue is not Dictionary<string, object?> schema || schema.Count == 0)
        {
            return;
        }

        if (depth > MaxDepth)
        {
            errors.Add($"{path}: the value is nested deeper than the schema validator allows ({MaxDepth} levels)");
            return;
        }

        if (schema.TryGetValue("type", out var type) && type is not null && !MatchesType(value, type))
        {
            errors.Add($"{path}: {Describe(value)} is not of type {TypeText(type)}");
            return;
        }

        if (schema.TryGetValue("enum", out var enumValue) && enumValue is List<object?> options
            && !options.Any(o => PlainValues.DeepEquals(o, value)))
        {
            errors.Add($"{path}: {Describe(value)} is not one of [{string.Join(", ", options.Select(JsonTextOf))}]");
        }

        CheckCombinators(value, schema, path, errors, depth);
        switch (value)
        {
            case Dictionary<string, object?> obj:
                CheckObject(obj, schema, path, errors, depth);
                break;
            case List<object?> list:
                CheckArray(list, schema, path, errors, depth);
                break;
            case string s:
                CheckString(s, schema, path, errors);
                break;
            case long or double:
                CheckNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture), schema, path, errors);
                break;
        }
    }

    private static void CheckCombinators(object? value, Dictionary<string, object?> schema, string path, List<string> errors, int depth)
    {
        if (schema.TryGetValue("anyOf", out var anyOf) && anyOf is List<object?> anyList
            && !anyList.Any(s => IsValid(value, s, depth)))
        {
            errors.Add($"{path}: {Describe(value)} is not valid under any of the given schemas");
        }

        if (schema.TryGetValue("oneOf", out var oneOf) && oneOf is List<object?> oneList
            && oneList.Count(s => IsValid(value, s, depth)) != 1)
        {
            errors.Add($"{path}: {Describe(value)} is not valid under exactly one of the given schemas");
        }

        if (schema.TryGetValue("allOf", out var allOf) && allOf is List<object?> allList)
        {
            foreach (var s in allList)
            {
                Check(value, s, path, errors, depth + 1);
            }
        }

        if (schema.TryGetValue("not", out var not) && not is Dictionary<string, object?> && IsValid(value, not, depth))
        {
            errors.Add($"{path}: {Describe(value)} must not be valid under the 'not' schema");
        }
    }

    private static bool IsValid(object? value, object? schema, int depth)
    {
        var inner = new List<string>();
        Check(value, schema, "$", inner, depth + 1);
        return inner.Count == 0;
    }

    private static void CheckObject(Dictionary<string, object?> obj, Dictionary<string, object?> schema, string path, List<string> errors, int depth)
    {
        var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?>;
        if (schema.GetValueOrDefault("required") is List<object?> required)
        {
            foreach (var name in required.OfType<string>())
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add($"{path}: '{name}' is a required property");
                }
            }
        }

        if (properties is not null)
        {
            foreach (var (name, propertySchema) in properties)
            {
                if (obj.TryGetValue(name, out var propertyValue))
                {
                    Check(propertyValue, propertySchema, $"{path}.{name}", errors, depth + 1);
                }
                else if (propertySchema is Dictionary<string, object?> ps && ps.GetValueOrDefault("required") is true)
                {
                    errors.Add($"{path}: '{name}' is a required property");
                }
            }
        }

        if (schema.TryGetValue("additionalProperties", out var additional))
        {
            foreach (var (name, propertyValue) in obj)
            {
                if (properties is not null && properties.ContainsKey(name))
                {
                    continue;
                }

                if (additional is false)
                {
                    errors.Add($"{path}: additional property '{name}' is not allowed");
                }
                else if (additional is Dictionary<string, object?>)
                {
                    Check(propertyValue, additional, $"{path}.{name}", errors, depth + 1);
                }
            }
        }
    }

    private static void CheckArray(List<object?> list, Dictionary<string, object?> schema, string path, List<string> errors, int depth)
    {
        if (schema.GetValueOrDefault("minItems") is long minItems && list.Count < minItems)
        {
            errors.Add($"{path}: expected at least {minItems} items, got {list.Count}");
        }

        if (schema.GetValueOrDefault("maxItems") is long maxItems && list.Count > maxItems)
        {
            errors.Add($"{path}: expected at most {maxItems} items, got {list.Count}");
        }

        if (schema.GetValueOrDefault("items") is Dictionary<string, object?> items)
        {
            for (var i = 0; i < list.Count; i++)
            {
                Check(list[i], items, $"{path}[{i}]", errors, depth + 1);
            }
        }
    }

    private static void CheckString(string s, Dictionary<string, object?> schema, string path, List<string> errors)
    {
        if (schema.GetValueOrDefault("minLength") is long minLength && s.Length < minLength)
        {
            errors.Add($"{path}: '{Shorten(s)}' is shorter than {minLength} characters");
        }

        if (schema.GetValueOrDefault("maxLength") is long maxLength && s.Length > maxLength)
        {
            errors.Add($"{path}: the string is longer than {maxLength} characters");
        }

        if (schema.GetValueOrDefault("pattern") is string pattern)
        {
            try
            {
                if (!Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant, RuleLimits.DefaultRegexTimeout))
                {
                    errors.Add($"{path}: '{Shorten(s)}' does not match '{pattern}'");
                }
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{path}: the schema pattern '{pattern}' is not a valid regular expression ({ex.Message})");
            }
            catch (RegexMatchTimeoutException)
            {
                errors.Add($"{path}: matching the schema pattern '{pattern}' timed out");
            }
        }

        if (schema.GetValueOrDefault("format") is "date-time"
            && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            errors.Add($"{path}: '{Shorten(s)}' is not a 'date-time'");
        }
    }

    private static void CheckNumber(double number, Dictionary<string, object?> schema, string path, List<string> errors)
    {
        if (schema.GetValueOrDefault("minimum") is long or double && number < Convert.ToDouble(schema["minimum"], CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {JsonTextOf(number)} is less than the minimum of {JsonTextOf(schema["minimum"])}");
        }

        if (schema.GetValueOrDefault("maximum") is long or double && number > Convert.ToDouble(schema["maximum"], CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {JsonTextOf(number)} is greater than the maximum of {JsonTextOf(schema["maximum"])}");
        }
    }

    /// <summary>JSON schema's type test (booleans are not numbers; 1.0 is not an integer, as in draft 4).</summary>
    public static bool MatchesType(object? value, object? type) => type switch
    {
        string name => name switch
        {
            "string" => value is string,
            "integer" => value is long,
            "number" => value is long or double,
            "boolean" => value is bool,
            "object" => value is Dictionary<string, object?>,
            "array" => value is List<object?>,
            "null" => value is null,
            "any" => true,
            _ => true,
        },
        List<object?> names => names.Any(n => MatchesType(value, n)),
        _ => true,
    };

    private static string TypeText(object? type) => type is List<object?> list ? string.Join(" or ", list.Select(t => $"'{t}'")) : $"'{type}'";

    private static string Describe(object? value) => value switch
    {
        string s => $"'{Shorten(s)}'",
        Dictionary<string, object?> => "an object",
        List<object?> => "an array",
        _ => JsonTextOf(value),
    };

    private static string JsonTextOf(object? value) => value is Dictionary<string, object?> or List<object?> ? PlainValues.JsonTypeName(value) : JsonText.Serialize(value);

    private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
