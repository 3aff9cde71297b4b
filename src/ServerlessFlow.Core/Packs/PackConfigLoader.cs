using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// Checks a pack's configuration values (StackStorm keeps them in <c>configs/&lt;pack&gt;.yaml</c>)
/// against the pack's <c>config.schema.yaml</c>: required keys, types, enums, and defaults filled in.
/// Values that are templates (<c>{{ st2kv.system.token }}</c>) are resolved at run time and not type-checked.
/// </summary>
public static class PackConfigLoader
{
    /// <summary>Reads and checks the configuration text for <paramref name="pack"/>.</summary>
    public static PackConfigResult Load(PackSpec pack, string displayPath, string text, PackLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(text);
        options ??= PackLoadOptions.Default;
        var diagnostics = new List<PackDiagnostic>();
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (text.Length > options.MaxFileBytes)
        {
            diagnostics.Add(new PackDiagnostic(DiagnosticSeverity.Error, PackDiagnosticCodes.FileTooLarge, displayPath, 1, 1, $"the file holds {text.Length} characters; config files may be at most {options.MaxFileBytes} bytes, so it was not read"));
            return new PackConfigResult(values, diagnostics);
        }

        var read = YamlValueReader.Read(text, options.YamlLimits);
        var doc = new MetadataDocument(displayPath, displayPath, text, read, diagnostics);
        foreach (var problem in read.Problems)
        {
            doc.Report(problem.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, problem.Code, problem.Position, problem.Message);
        }

        if (read.HasErrors)
        {
            return new PackConfigResult(values, diagnostics);
        }

        var given = read.IsEmpty ? [] : doc.RootMapping($"the configuration of pack '{pack.Ref}'") ?? [];
        foreach (var (name, parameter) in pack.ConfigSchema)
        {
            if (given.TryGetValue(name, out var value))
            {
                values[name] = value;
                CheckValue(doc, pack, parameter, name, value);
            }
            else if (parameter.HasDefault)
            {
                values[name] = PlainValues.DeepClone(parameter.Default);
            }
            else if (parameter.Required)
            {
                doc.Error(PackDiagnosticCodes.MissingField, string.Empty, $"the configuration of pack '{pack.Ref}' is missing '{name}', which config.schema.yaml requires");
            }
        }

        foreach (var (name, value) in given)
        {
            if (!pack.ConfigSchema.ContainsKey(name))
            {
                values[name] = value;
                doc.Report(DiagnosticSeverity.Warning, PackDiagnosticCodes.UnknownField, doc.KeyAt(name), $"'{name}' is not in pack '{pack.Ref}''s config.schema.yaml");
            }
        }

        diagnostics.Sort(PackDiagnostic.Compare);
        return new PackConfigResult(values, diagnostics);
    }

    private static void CheckValue(MetadataDocument doc, PackSpec pack, ActionParameterSpec parameter, string name, object? value)
    {
        if (ParameterReader.IsTemplate(value))
        {
            return;
        }

        if (value is null && parameter.Required)
        {
            doc.Error(PackDiagnosticCodes.MissingField, name, $"'{name}' is required by pack '{pack.Ref}''s config.schema.yaml but is empty");
        }
        else if (value is not null && parameter.Type is { } type && !ParameterReader.JsonTypeMatches(type, value))
        {
            doc.Error(PackDiagnosticCodes.WrongType, name, $"'{name}' must be of type '{type}', not {MetadataDocument.Describe(value)}");
        }
        else if (parameter.Enum is { } allowed && !allowed.Any(a => PlainValues.DeepEquals(a, value)))
        {
            doc.Error(PackDiagnosticCodes.InvalidValue, name, $"'{name}' is {MetadataDocument.Describe(value)}; it must be one of: {string.Join(", ", allowed)}");
        }
    }
}
