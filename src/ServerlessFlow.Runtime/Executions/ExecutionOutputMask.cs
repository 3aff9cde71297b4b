using System.Text.RegularExpressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;

namespace ServerlessFlow.Runtime.Executions;

/// <summary>st2's <c>mask_secret_output</c> (st2common/util/output_schema.py): in API output, the parts of an execution's
/// <c>result[output_key]</c> that the action's <c>output_schema</c> marks <c>secret</c> show as the mask. It rewrites the value it
/// is given in place, so callers pass a copy; what is stored and what workflows read is unchanged.</summary>
public static class ExecutionOutputMask
{
    private static readonly HashSet<string> JsonTypes = new(StringComparer.Ordinal) { "boolean", "integer", "null", "number", "string", "object", "array" };

    private static readonly HashSet<string> BasicTypes = new(StringComparer.Ordinal) { "boolean", "integer", "null", "number", "string" };

    /// <summary>Masks <paramref name="result"/> (an execution's result, already a copy) by <paramref name="outputSchema"/> under
    /// <paramref name="outputKey"/>, as st2 does; answers the same object.</summary>
    public static object? Apply(object? result, string? outputKey, IReadOnlyDictionary<string, object?>? outputSchema)
    {
        if (string.IsNullOrEmpty(outputKey)
            || result is not Dictionary<string, object?> { Count: > 0 } output
            || !output.TryGetValue(outputKey, out var value)
            || outputSchema is not { Count: > 0 })
        {
            return result;
        }

        var schema = new Dictionary<string, object?>(outputSchema, StringComparer.Ordinal);
        if (!IsValidSchema(schema))
        {
            // st2's backward compatibility: a legacy schema is the properties of an object schema.
            schema = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["type"] = "object",
                ["properties"] = schema,
                ["additionalProperties"] = true,
            };
            if (!IsValidSchema(schema))
            {
                return result;
            }
        }

        output[outputKey] = MaskValue(schema, value);
        return result;
    }

    /// <summary>An execution record in API shape (from <see cref="ExecutionState.ToPlain"/>, whose result is a copy) with its
    /// result masked by the action's output schema and the runner's output key.</summary>
    public static Dictionary<string, object?> ApplyToExecution(Dictionary<string, object?> plainExecution, ExecutionState execution, PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(plainExecution);
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(catalog);
        var schema = catalog.FindAction(execution.Action)?.OutputSchema;
        var outputKey = RunnerTypeCatalog.Default.Find(execution.Runner)?.OutputKey;
        if (schema is { Count: > 0 } && outputKey is not null && plainExecution.TryGetValue("result", out var result))
        {
            plainExecution["result"] = Apply(result, outputKey, schema);
        }

        return plainExecution;
    }

    /// <summary>st2's <c>_get_masked_value</c>: the value with every part its schema marks secret replaced by the mask.</summary>
    public static object? MaskValue(object? spec, object? value)
    {
        if (spec is not Dictionary<string, object?> schema)
        {
            return value;
        }

        if (IsTruthy(schema.GetValueOrDefault("secret")))
        {
            return ActionParameterResolver.Mask;
        }

        var kind = schema.GetValueOrDefault("type") as string;
        if (kind is null || BasicTypes.Contains(kind))
        {
            return value;
        }

        return kind switch
        {
            "object" when value is Dictionary<string, object?> mapping => MaskObject(schema, mapping),
            "array" when value is List<object?> list => MaskArray(schema, list),
            _ => value,
        };
    }

    private static Dictionary<string, object?> MaskObject(Dictionary<string, object?> schema, Dictionary<string, object?> value)
    {
        var unhandled = new List<string>();
        if (schema.GetValueOrDefault("properties") is Dictionary<string, object?> { Count: > 0 } properties)
        {
            foreach (var (key, propertySpec) in properties)
            {
                if (value.TryGetValue(key, out var item))
                {
                    value[key] = MaskValue(propertySpec, item);
                }
            }

            unhandled.AddRange(value.Keys.Where(k => !properties.ContainsKey(k)));
        }
        else
        {
            unhandled.AddRange(value.Keys);
        }

        if (unhandled.Count > 0 && schema.GetValueOrDefault("patternProperties") is Dictionary<string, object?> { Count: > 0 } patterns)
        {
            foreach (var (pattern, patternSpec) in patterns)
            {
                if (unhandled.Count == 0)
                {
                    break;
                }

                // st2 compiles the pattern with Python's re and would fail on a bad one; an unusable pattern masks nothing here.
                if (TryRegex(pattern) is not { } regex)
                {
                    continue;
                }

                foreach (var key in unhandled.ToList())
                {
                    if (regex.IsMatch(key))
                    {
                        value[key] = MaskValue(patternSpec, value[key]);
                        unhandled.Remove(key);
                    }
                }
            }
        }

        if (unhandled.Count > 0 && schema.GetValueOrDefault("additionalProperties") is Dictionary<string, object?> { Count: > 0 } additional)
        {
            foreach (var key in unhandled)
            {
                value[key] = MaskValue(additional, value[key]);
            }
        }

        return value;
    }

    private static List<object?> MaskArray(Dictionary<string, object?> schema, List<object?> value)
    {
        var items = schema.TryGetValue("items", out var i) ? i : new Dictionary<string, object?>(StringComparer.Ordinal);
        int handled;
        switch (items)
        {
            case List<object?> tuple:
                for (var index = 0; index < tuple.Count && index < value.Count; index++)
                {
                    value[index] = MaskValue(tuple[index], value[index]);
                }

                handled = tuple.Count;
                break;
            case string text:
                // Python treats a string as a sequence of one-character "schemas", none of which masks anything.
                handled = text.Length;
                break;
            default:
                for (var index = 0; index < value.Count; index++)
                {
                    value[index] = MaskValue(items, value[index]);
                }

                handled = value.Count;
                break;
        }

        if (handled < value.Count && schema.GetValueOrDefault("additionalItems") is Dictionary<string, object?> { Count: > 0 } additional)
        {
            for (var index = handled; index < value.Count; index++)
            {
                value[index] = MaskValue(additional, value[index]);
            }
        }

        return value;
    }

    /// <summary>An approximation of st2's check against its action output meta-schema: a mapping whose <c>type</c> names a
    /// JSON type (or lists them) and whose <c>properties</c>, when present, is a mapping of mappings.</summary>
    private static bool IsValidSchema(Dictionary<string, object?> schema)
    {
        var typeOk = schema.TryGetValue("type", out var type) && type switch
        {
            string name => JsonTypes.Contains(name),
            List<object?> names => names.Count > 0 && names.All(n => n is string s && JsonTypes.Contains(s)),
            _ => false,
        };
        return typeOk && schema.GetValueOrDefault("properties") switch
        {
            null => !schema.ContainsKey("properties"),
            Dictionary<string, object?> properties => properties.Values.All(v => v is Dictionary<string, object?>),
            _ => false,
        };
    }

    private static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long n => n != 0,
        int n => n != 0,
        double d => d != 0,
        string s => s.Length > 0,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    private static Regex? TryRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
