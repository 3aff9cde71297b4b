using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>The subset of JSON Schema draft 4 orquesta's workflow schema uses, reporting errors as
/// python-jsonschema does (message, instance path, schema path).</summary>
internal static class SchemaValidator
{
    public static List<(string Message, List<object> Path, List<object> SchemaPath)> Validate(object? instance, Dictionary<string, object?> schema)
    {
        var errors = new List<(string, List<object>, List<object>)>();
        Check(instance, schema, [], [], errors);
        return errors;
    }

    private static void Check(object? instance, Dictionary<string, object?> schema, List<object> path, List<object> schemaPath, List<(string, List<object>, List<object>)> errors)
    {
        List<object> At(params object[] parts) => [.. schemaPath, .. parts];

        if (schema.TryGetValue("type", out var type) && type is string typeName && !IsType(instance, typeName))
        {
            errors.Add(($"{Repr(instance)} is not of type '{typeName}'", path, At("type")));
            return;
        }

        if (schema.TryGetValue("enum", out var enumValues) && enumValues is List<object?> options && !options.Any(o => SameValue(o, instance)))
        {
            errors.Add(($"{Repr(instance)} is not one of {Repr(options)}", path, At("enum")));
        }

        if (schema.GetValueOrDefault("oneOf") is List<object?> oneOf)
        {
            var valid = oneOf.Count(s => Validate(instance, (Dictionary<string, object?>)s!).Count == 0);
            if (valid == 0)
            {
                errors.Add(($"{Repr(instance)} is not valid under any of the given schemas", path, At("oneOf")));
            }
            else if (valid > 1)
            {
                errors.Add(($"{Repr(instance)} is valid under each of the given schemas", path, At("oneOf")));
            }
        }

        if (schema.GetValueOrDefault("anyOf") is List<object?> anyOf && !anyOf.Any(s => Validate(instance, (Dictionary<string, object?>)s!).Count == 0))
        {
            errors.Add(($"{Repr(instance)} is not valid under any of the given schemas", path, At("anyOf")));
        }

        if (instance is string text)
        {
            if (schema.GetValueOrDefault("minLength") is long minLength && text.Length < minLength)
            {
                errors.Add(($"{Repr(text)} is too short", path, At("minLength")));
            }

            if (schema.GetValueOrDefault("pattern") is string pattern && !Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                errors.Add(($"{Repr(text)} does not match {Repr(pattern)}", path, At("pattern")));
            }
        }

        if (instance is long or double && instance is not bool && schema.TryGetValue("minimum", out var minimum) && ToDouble(instance) < ToDouble(minimum))
        {
            errors.Add(($"{Repr(instance)} is less than the minimum of {Repr(minimum)}", path, At("minimum")));
        }

        if (instance is Dictionary<string, object?> dict)
        {
            if (schema.GetValueOrDefault("minProperties") is long minProperties && dict.Count < minProperties)
            {
                errors.Add((minProperties == 1 ? $"{Repr(dict)} should be non-empty" : $"{Repr(dict)} does not have enough properties", path, At("minProperties")));
            }

            if (schema.GetValueOrDefault("maxProperties") is long maxProperties && dict.Count > maxProperties)
            {
                errors.Add(($"{Repr(dict)} has too many properties", path, At("maxProperties")));
            }

            if (schema.GetValueOrDefault("required") is List<object?> required)
            {
                foreach (var name in required.OfType<string>().Where(n => !dict.ContainsKey(n)))
                {
                    errors.Add(($"{Repr(name)} is a required property", path, At("required")));
                }
            }

            var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
            var patterns = schema.GetValueOrDefault("patternProperties") as Dictionary<string, object?> ?? [];
            foreach (var (key, value) in dict)
            {
                if (properties.TryGetValue(key, out var propertySchema))
                {
                    Check(value, (Dictionary<string, object?>)propertySchema!, [.. path, key], At("properties", key), errors);
                }

                foreach (var (pattern, patternSchema) in patterns)
                {
                    if (Regex.IsMatch(key, pattern, RegexOptions.CultureInvariant))
                    {
                        Check(value, (Dictionary<string, object?>)patternSchema!, [.. path, key], At("patternProperties", pattern), errors);
                    }
                }
            }

            if (schema.GetValueOrDefault("additionalProperties") is false)
            {
                var extra = dict.Keys.Where(k => !properties.ContainsKey(k) && !patterns.Keys.Any(p => Regex.IsMatch(k, p, RegexOptions.CultureInvariant))).ToList();
                if (extra.Count > 0)
                {
                    var verb = extra.Count == 1 ? "was" : "were";
                    errors.Add(($"Additional properties are not allowed ({string.Join(", ", extra.Select(Repr))} {verb} unexpected)", path, At("additionalProperties")));
                }
            }
        }

        if (instance is List<object?> list)
        {
            if (schema.GetValueOrDefault("minItems") is long minItems && list.Count < minItems)
            {
                errors.Add(($"{Repr(list)} is too short", path, At("minItems")));
            }

            if (schema.GetValueOrDefault("uniqueItems") is true && HasDuplicates(list))
            {
                errors.Add(($"{Repr(list)} has non-unique elements", path, At("uniqueItems")));
            }

            if (schema.GetValueOrDefault("items") is Dictionary<string, object?> itemSchema)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    Check(list[i], itemSchema, [.. path, i], At("items"), errors);
                }
            }
        }
    }

    private static bool HasDuplicates(List<object?> list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            for (var j = i + 1; j < list.Count; j++)
            {
                if (SameValue(list[i], list[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool SameValue(object? a, object? b) =>
        (a is long or double) && (b is long or double) ? ToDouble(a) == ToDouble(b) : PlainValues.DeepEquals(a, b);

    private static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        _ => double.NaN,
    };

    private static bool IsType(object? instance, string type) => type switch
    {
        "object" => instance is Dictionary<string, object?>,
        "array" => instance is List<object?>,
        "string" => instance is string,
        "integer" => instance is long,
        "number" => instance is long or double,
        "boolean" => instance is bool,
        "null" => instance is null,
        _ => true,
    };

    /// <summary>Python's repr of a plain value, as jsonschema messages print it.</summary>
    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    private static void Write(StringBuilder b, object? value)
    {
        switch (value)
        {
            case null:
                b.Append("None");
                break;
            case bool flag:
                b.Append(flag ? "True" : "False");
                break;
            case long l:
                b.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                b.Append(PythonFloat.Repr(d));
                break;
            case string s:
                b.Append('\'').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
                break;
            case List<object?> list:
                b.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        b.Append(", ");
                    }

                    Write(b, list[i]);
                }

                b.Append(']');
                break;
            case Dictionary<string, object?> dict:
                b.Append('{');
                var first = true;
                foreach (var (k, v) in dict)
                {
                    if (!first)
                    {
                        b.Append(", ");
                    }

                    first = false;
                    Write(b, k);
                    b.Append(": ");
                    Write(b, v);
                }

                b.Append('}');
                break;
            default:
                b.Append(value);
                break;
        }
    }
}
