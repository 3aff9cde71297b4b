using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Schemas;

/// <summary>Validates plain values against the JSON-schema subset StackStorm uses for action parameters, trigger payloads and
/// inquiry responses: type (one or a list), properties, required (a list, or <c>required: true</c> on a property as st2 writes it),
/// additionalProperties, items, enum, minimum/maximum, minLength/maxLength, pattern. Errors name the path.</summary>
public static class SchemaValidator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Every problem found, as "path: message"; empty when the value is valid.</summary>
    public static IReadOnlyList<string> Validate(object? value, Dictionary<string, object?> schema, string path = "$")
    {
        var errors = new List<string>();
        Check(PlainValues.Normalize(value), schema, path, errors, 0);
        return errors;
    }

    private static void Check(object? value, Dictionary<string, object?> schema, string path, List<string> errors, int depth)
    {
        if (depth > 64)
        {
            errors.Add($"{path}: schema nesting is deeper than 64 levels");
            return;
        }

        if (schema.TryGetValue("type", out var typeSpec) && typeSpec is not null)
        {
            var types = typeSpec is List<object?> list ? list.OfType<string>().ToList() : [Convert.ToString(typeSpec, CultureInfo.InvariantCulture) ?? string.Empty];
            if (!types.Any(t => HasType(value, t)))
            {
                errors.Add($"{path}: {Describe(value)} is not of type {string.Join(" or ", types.Select(t => "'" + t + "'"))}");
                return;
            }
        }

        if (schema.TryGetValue("enum", out var enumSpec) && enumSpec is List<object?> allowed && !allowed.Any(a => PlainValues.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {Describe(value)} is not one of [{string.Join(", ", allowed.Select(JsonOf))}]");
        }

        switch (value)
        {
            case string s:
                CheckString(s, schema, path, errors);
                break;
            case long or double:
                CheckNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture), schema, path, errors);
                break;
            case Dictionary<string, object?> obj:
                CheckObject(obj, schema, path, errors, depth);
                break;
            case List<object?> items when schema.GetValueOrDefault("items") is Dictionary<string, object?> itemSchema:
                for (var i = 0; i < items.Count; i++)
                {
                    Check(items[i], itemSchema, $"{path}[{i}]", errors, depth + 1);
                }

                break;
        }
    }

    private static void CheckObject(Dictionary<string, object?> obj, Dictionary<string, object?> schema, string path, List<string> errors, int depth)
    {
        var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        var required = new List<string>();
        if (schema.GetValueOrDefault("required") is List<object?> requiredList)
        {
            required.AddRange(requiredList.OfType<string>());
        }

        foreach (var (name, propertySchema) in properties)
        {
            if (propertySchema is Dictionary<string, object?> ps && ps.GetValueOrDefault("required") is true)
            {
                required.Add(name);
            }
        }

        foreach (var name in required.Distinct(StringComparer.Ordinal))
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{path}: '{name}' is a required property");
            }
        }

        foreach (var (name, item) in obj)
        {
            if (properties.GetValueOrDefault(name) is Dictionary<string, object?> propertySchema)
            {
                Check(item, propertySchema, path + "." + name, errors, depth + 1);
            }
            else if (schema.GetValueOrDefault("additionalProperties") is false)
            {
                errors.Add($"{path}: additional property '{name}' is not allowed");
            }
            else if (schema.GetValueOrDefault("additionalProperties") is Dictionary<string, object?> extraSchema)
            {
                Check(item, extraSchema, path + "." + name, errors, depth + 1);
            }
        }
    }

    private static void CheckString(string s, Dictionary<string, object?> schema, string path, List<string> errors)
    {
        if (schema.GetValueOrDefault("minLength") is long min && s.Length < min)
        {
            errors.Add($"{path}: '{s}' is shorter than {min} characters");
        }

        if (schema.GetValueOrDefault("maxLength") is long max && s.Length > max)
        {
            errors.Add($"{path}: string is longer than {max} characters");
        }

        if (schema.GetValueOrDefault("pattern") is string pattern)
        {
            try
            {
                if (!Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant, RegexTimeout))
                {
                    errors.Add($"{path}: '{s}' does not match '{pattern}'");
                }
            }
            catch (RegexMatchTimeoutException)
            {
                errors.Add($"{path}: pattern '{pattern}' took too long to match");
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{path}: pattern '{pattern}' is not a valid regular expression ({ex.Message})");
            }
        }
    }

    private static void CheckNumber(double n, Dictionary<string, object?> schema, string path, List<string> errors)
    {
        if (schema.GetValueOrDefault("minimum") is long or double && n < Convert.ToDouble(schema["minimum"], CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {JsonOf(n)} is less than the minimum of {JsonOf(schema["minimum"])}");
        }

        if (schema.GetValueOrDefault("maximum") is long or double && n > Convert.ToDouble(schema["maximum"], CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {JsonOf(n)} is greater than the maximum of {JsonOf(schema["maximum"])}");
        }
    }

    /// <summary>True when <paramref name="value"/> is of the JSON-schema type <paramref name="type"/> (integer accepts 2.0, as jsonschema does).</summary>
    public static bool HasType(object? value, string type) => type switch
    {
        "string" => value is string,
        "integer" => value is long || (value is double d && Math.Floor(d) == d && !double.IsInfinity(d)),
        "number" => value is long or double,
        "boolean" => value is bool,
        "array" => value is List<object?>,
        "object" => value is Dictionary<string, object?>,
        "null" => value is null,
        "any" => true,
        _ => false,
    };

    private static string Describe(object? value) => value is string s ? "'" + s + "'" : JsonOf(value);

    private static string JsonOf(object? value) => JsonText.Serialize(value);
}
