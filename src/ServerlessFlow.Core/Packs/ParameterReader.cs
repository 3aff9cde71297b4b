using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>Reads a <c>parameters</c> mapping (or a config schema) into parameter specs, reporting schema mistakes.</summary>
internal static partial class ParameterReader
{
    private static readonly HashSet<string> SimpleTypes = new(StringComparer.Ordinal)
    {
        "array", "boolean", "integer", "null", "number", "object", "string",
    };

    // st2's action_params.json (draft 4 plus StackStorm's extensions), and 'format' which packs use widely.
    private static readonly HashSet<string> KnownAttributes = new(StringComparer.Ordinal)
    {
        "id", "$schema", "$ref", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum",
        "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "additionalItems", "items",
        "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required", "secret",
        "additionalProperties", "definitions", "properties", "patternProperties", "dependencies", "enum",
        "type", "position", "immutable", "allOf", "anyOf", "oneOf", "not", "format",
    };

    [GeneratedRegex(@"^\w+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Reads every parameter under <paramref name="path"/>; bad ones are reported and left out.</summary>
    public static Dictionary<string, ActionParameterSpec> Read(MetadataDocument doc, Dictionary<string, object?> parameters, string path, string owner)
    {
        var result = new Dictionary<string, ActionParameterSpec>(StringComparer.Ordinal);
        var positions = new Dictionary<long, string>();
        foreach (var (name, value) in parameters)
        {
            var paramPath = SourceMap.Child(path, name);
            if (!NamePattern().IsMatch(name))
            {
                doc.Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ParameterSchema, doc.KeyAt(paramPath), $"{owner}: parameter name '{name}' may only hold letters, digits and underscores");
                continue;
            }

            if (value is not Dictionary<string, object?> schema)
            {
                doc.Error(PackDiagnosticCodes.ParameterSchema, paramPath, $"{owner}: parameter '{name}' must be a mapping of attributes (type, description, default…), not {MetadataDocument.Describe(value)}");
                continue;
            }

            if (Check(doc, schema, paramPath, $"{owner}: parameter '{name}'", positions, name))
            {
                result[name] = ActionParameterSpec.FromSchema(name, schema, doc.KeyAt(paramPath));
            }
        }

        return result;
    }

    private static bool Check(MetadataDocument doc, Dictionary<string, object?> schema, string path, string what, Dictionary<long, string> positions, string name)
    {
        var ok = true;
        foreach (var key in schema.Keys)
        {
            if (!KnownAttributes.Contains(key))
            {
                doc.Report(DiagnosticSeverity.Warning, PackDiagnosticCodes.UnknownField, doc.KeyAt(SourceMap.Child(path, key)), $"{what} has an unknown attribute '{key}'; it is ignored");
            }
        }

        var types = new List<string>();
        if (schema.TryGetValue("type", out var type))
        {
            switch (type)
            {
                case string t when SimpleTypes.Contains(t):
                    types.Add(t);
                    break;
                case List<object?> list when list.Count > 0 && list.All(i => i is string s && SimpleTypes.Contains(s)):
                    types.AddRange(list.Cast<string>());
                    break;
                default:
                    doc.Error(PackDiagnosticCodes.ParameterSchema, SourceMap.Child(path, "type"), $"{what} has type {MetadataDocument.Describe(type)}, which is not a JSON-schema type (array, boolean, integer, null, number, object, string)");
                    ok = false;
                    break;
            }
        }

        foreach (var flag in (string[])["required", "immutable", "secret"])
        {
            if (schema.TryGetValue(flag, out var v) && v is not bool)
            {
                doc.Error(PackDiagnosticCodes.WrongType, SourceMap.Child(path, flag), $"{what}: '{flag}' must be true or false, not {MetadataDocument.Describe(v)}");
                ok = false;
            }
        }

        if (schema.TryGetValue("description", out var description) && description is not (string or null))
        {
            doc.Error(PackDiagnosticCodes.WrongType, SourceMap.Child(path, "description"), $"{what}: 'description' must be a string, not {MetadataDocument.Describe(description)}");
        }

        if (schema.TryGetValue("position", out var position))
        {
            if (position is not long p || p < 0)
            {
                doc.Error(PackDiagnosticCodes.ParameterSchema, SourceMap.Child(path, "position"), $"{what}: 'position' must be a non-negative integer, not {MetadataDocument.Describe(position)}");
                ok = false;
            }
            else if (positions.TryGetValue(p, out var other))
            {
                doc.Error(PackDiagnosticCodes.ParameterSchema, SourceMap.Child(path, "position"), $"{what} has position {p}, which parameter '{other}' already has");
            }
            else
            {
                positions[p] = name;
            }
        }

        List<object?>? allowed = null;
        if (schema.TryGetValue("enum", out var en))
        {
            if (en is List<object?> list && list.Count > 0)
            {
                allowed = list;
            }
            else
            {
                doc.Error(PackDiagnosticCodes.ParameterSchema, SourceMap.Child(path, "enum"), $"{what}: 'enum' must be a non-empty list of allowed values, not {MetadataDocument.Describe(en)}");
                ok = false;
            }
        }

        if (schema.TryGetValue("default", out var def) && def is not null && !IsTemplate(def))
        {
            if (types.Count > 0 && !types.Any(t => JsonTypeMatches(t, def)))
            {
                doc.Error(PackDiagnosticCodes.ParameterSchema, SourceMap.Child(path, "default"), $"{what} has default {MetadataDocument.Describe(def)}, which is not of its type '{string.Join("' or '", types)}'");
            }
            else if (allowed is not null && !allowed.Any(a => PlainValues.DeepEquals(a, def)))
            {
                doc.Error(PackDiagnosticCodes.ParameterSchema, SourceMap.Child(path, "default"), $"{what} has default {MetadataDocument.Describe(def)}, which is not one of its enum values");
            }
        }

        return ok;
    }

    /// <summary>True for a string holding a Jinja or YAQL expression (rendered later, so not type-checked here).</summary>
    public static bool IsTemplate(object? value) =>
        value is string s && (s.Contains("{{", StringComparison.Ordinal) || s.Contains("{%", StringComparison.Ordinal) || s.Contains("<%", StringComparison.Ordinal));

    /// <summary>JSON-schema type test on a plain value (Python's rules: a boolean is not an integer).</summary>
    public static bool JsonTypeMatches(string type, object? value) => type switch
    {
        "string" => value is string,
        "integer" => value is long || (value is double d && Math.Floor(d) == d && !double.IsInfinity(d)),
        "number" => value is long or double,
        "boolean" => value is bool,
        "array" => value is List<object?>,
        "object" => value is Dictionary<string, object?>,
        "null" => value is null,
        _ => true,
    };
}
