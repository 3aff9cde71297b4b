using System.Globalization;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>Reads one policy file into a <see cref="PolicySpec"/>, checking it against its policy type.</summary>
internal static class PolicyReader
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "name", "pack", "description", "enabled", "resource_ref", "policy_type", "parameters", "ref", "uid", "id",
    };

    public static PolicySpec? Read(MetadataDocument doc, string packRef, string file)
    {
        var root = doc.RootMapping("a policy");
        if (root is null)
        {
            return null;
        }

        doc.UnknownFields(root, string.Empty, Fields, "the policy", DiagnosticSeverity.Error);
        var name = doc.String(root, string.Empty, "name", required: true, "the policy");
        var what = name is null ? "the policy" : $"policy '{packRef}.{name}'";
        var resource = doc.String(root, string.Empty, "resource_ref", required: true, what);
        var type = doc.String(root, string.Empty, "policy_type", required: true, what);
        var description = doc.String(root, string.Empty, "description", required: false, what);
        var enabled = doc.Bool(root, string.Empty, "enabled", what) ?? true;
        var pack = doc.String(root, string.Empty, "pack", required: false, what);
        if (pack is not null && !string.Equals(pack, packRef, StringComparison.Ordinal))
        {
            doc.Error(PackDiagnosticCodes.PackMismatch, "pack", $"{what} says it belongs to pack '{pack}', but it is in pack '{packRef}'");
        }

        PolicyTypeSpec? policyType = null;
        if (type is not null && !PolicyTypeCatalog.All.TryGetValue(type, out policyType))
        {
            doc.Error(PackDiagnosticCodes.InvalidValue, "policy_type", $"{what}: policy type '{type}' does not exist (known: {string.Join(", ", PolicyTypeCatalog.All.Keys)})");
        }

        var given = doc.Mapping(root, string.Empty, "parameters", required: false, what) ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (policyType is not null)
        {
            foreach (var (key, value) in given)
            {
                var path = SourceMap.Child("parameters", key);
                if (!policyType.Parameters.TryGetValue(key, out var spec))
                {
                    doc.Error(PackDiagnosticCodes.ParameterSchema, path, $"{what}: '{key}' is not a parameter of {policyType.Ref} (it takes: {string.Join(", ", policyType.Parameters.Keys)})");
                    continue;
                }

                if (Problem(value, spec.Schema) is { } problem)
                {
                    doc.Error(PackDiagnosticCodes.ParameterSchema, path, $"{what}: parameter '{key}' {problem}");
                    continue;
                }

                parameters[key] = value;
            }

            foreach (var (key, spec) in policyType.Parameters)
            {
                if (parameters.ContainsKey(key) || given.ContainsKey(key))
                {
                    continue;
                }

                if (spec.HasDefault)
                {
                    parameters[key] = PlainValues.DeepClone(spec.Default);
                }
                else if (spec.Required)
                {
                    doc.Error(PackDiagnosticCodes.ParameterSchema, "parameters", $"{what}: {policyType.Ref} needs the parameter '{key}'");
                }
            }
        }

        if (name is null || resource is null || type is null || policyType is null)
        {
            return null;
        }

        return new PolicySpec
        {
            Ref = packRef + "." + name,
            Name = name,
            Pack = packRef,
            Description = description,
            Enabled = enabled,
            ResourceRef = resource,
            PolicyType = type,
            Parameters = parameters,
            File = file,
            ResourcePosition = doc.Map.ValueAt("resource_ref"),
        };
    }

    /// <summary>What is wrong with <paramref name="value"/> for the policy types' simple schemas, or null.</summary>
    private static string? Problem(object? value, IReadOnlyDictionary<string, object?> schema)
    {
        var type = schema.GetValueOrDefault("type") as string;
        var ok = type switch
        {
            "integer" => value is long,
            "number" => value is long or double,
            "string" => value is string,
            "array" => value is List<object?>,
            "boolean" => value is bool,
            _ => true,
        };
        if (!ok)
        {
            return $"must be {(type is "integer" or "array" ? "an" : "a")} {type}, not {MetadataDocument.Describe(value)}";
        }

        if (schema.GetValueOrDefault("enum") is List<object?> allowed && !allowed.Any(a => PlainValues.DeepEquals(a, value)))
        {
            return $"must be one of {string.Join(", ", allowed.Select(a => RenderValue(a)))}, not {RenderValue(value)}";
        }

        var number = value switch { long l => (double?)l, double d => d, _ => null };
        if (number is { } n && schema.GetValueOrDefault("minimum") is long or double && n < System.Convert.ToDouble(schema["minimum"], CultureInfo.InvariantCulture))
        {
            return $"must be at least {RenderValue(schema["minimum"])}, not {RenderValue(value)}";
        }

        if (number is { } m && schema.GetValueOrDefault("maximum") is long or double && m > System.Convert.ToDouble(schema["maximum"], CultureInfo.InvariantCulture))
        {
            return $"must be at most {RenderValue(schema["maximum"])}, not {RenderValue(value)}";
        }

        if (value is List<object?> items && items.Any(i => i is not string { Length: > 0 }) && schema.GetValueOrDefault("items") is Dictionary<string, object?>)
        {
            return "must be a list of non-empty strings";
        }

        return null;
    }

    private static string RenderValue(object? value) => value is string s ? "'" + s + "'" : JsonText.Serialize(value);
}
