using System.Globalization;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// One parsed YAML file plus a diagnostic sink: typed field access that reports a missing field or
/// a wrong type at the right line and column instead of throwing.
/// </summary>
internal sealed class MetadataDocument(string relativePath, string displayPath, string text, YamlReadResult read, List<PackDiagnostic> sink)
{
    public string Text { get; } = text;

    public string RelativePath { get; } = relativePath;

    public string DisplayPath { get; } = displayPath;

    public object? Value => read.Value;

    public SourceMap Map => read.SourceMap;

    public SourcePosition At(string path) => read.SourceMap.ValueAt(path);

    public SourcePosition KeyAt(string path) => read.SourceMap.KeyAt(path);

    public void Report(DiagnosticSeverity severity, string code, SourcePosition at, string message) =>
        sink.Add(new PackDiagnostic(severity, code, DisplayPath, at.Line, at.Column, message));

    public void Error(string code, string path, string message) => Report(DiagnosticSeverity.Error, code, At(path), message);

    public void Warning(string code, string path, string message) => Report(DiagnosticSeverity.Warning, code, At(path), message);

    /// <summary>The root as a mapping, or null after reporting why not.</summary>
    public Dictionary<string, object?>? RootMapping(string what)
    {
        if (read.Value is Dictionary<string, object?> root)
        {
            return root;
        }

        Error(PackDiagnosticCodes.NotAMapping, string.Empty, $"{what} must be a YAML mapping of fields, but this file holds {Describe(read.Value)}");
        return null;
    }

    public string? String(Dictionary<string, object?> map, string path, string key, bool required, string what)
    {
        if (!Present(map, path, key, required, what, out var value))
        {
            return null;
        }

        if (value is string s)
        {
            return s;
        }

        WrongType(path, key, "a string", value);
        return null;
    }

    public bool? Bool(Dictionary<string, object?> map, string path, string key, string what)
    {
        if (!Present(map, path, key, required: false, what, out var value))
        {
            return null;
        }

        if (value is bool b)
        {
            return b;
        }

        WrongType(path, key, "a boolean (true or false)", value);
        return null;
    }

    public long? Integer(Dictionary<string, object?> map, string path, string key, string what)
    {
        if (!Present(map, path, key, required: false, what, out var value))
        {
            return null;
        }

        if (value is long l)
        {
            return l;
        }

        WrongType(path, key, "an integer", value);
        return null;
    }

    public Dictionary<string, object?>? Mapping(Dictionary<string, object?> map, string path, string key, bool required, string what)
    {
        if (!Present(map, path, key, required, what, out var value))
        {
            return null;
        }

        if (value is Dictionary<string, object?> d)
        {
            return d;
        }

        WrongType(path, key, "a mapping", value);
        return null;
    }

    public List<object?>? Sequence(Dictionary<string, object?> map, string path, string key, string what)
    {
        if (!Present(map, path, key, required: false, what, out var value))
        {
            return null;
        }

        if (value is List<object?> l)
        {
            return l;
        }

        WrongType(path, key, "a list", value);
        return null;
    }

    /// <summary>A list of strings; items of another type are reported and skipped.</summary>
    public List<string> Strings(Dictionary<string, object?> map, string path, string key, string what)
    {
        var result = new List<string>();
        var list = Sequence(map, path, key, what);
        if (list is null)
        {
            return result;
        }

        var listPath = SourceMap.Child(path, key);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is string s)
            {
                result.Add(s);
            }
            else
            {
                Error(PackDiagnosticCodes.WrongType, SourceMap.Item(listPath, i), $"item {i} of '{key}' must be a string, not {Describe(list[i])}");
            }
        }

        return result;
    }

    /// <summary><c>tags</c>: a list of <c>{name, value}</c> mappings.</summary>
    public List<TagSpec> Tags(Dictionary<string, object?> map, string path, string what)
    {
        var result = new List<TagSpec>();
        var list = Sequence(map, path, "tags", what);
        if (list is null)
        {
            return result;
        }

        var listPath = SourceMap.Child(path, "tags");
        for (var i = 0; i < list.Count; i++)
        {
            var itemPath = SourceMap.Item(listPath, i);
            if (list[i] is not Dictionary<string, object?> tag)
            {
                Error(PackDiagnosticCodes.WrongType, itemPath, $"tag {i} must be a mapping with 'name' and 'value', not {Describe(list[i])}");
                continue;
            }

            var name = String(tag, itemPath, "name", required: true, $"tag {i}");
            var value = tag.GetValueOrDefault("value");
            if (name is not null)
            {
                result.Add(new TagSpec(name, value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture)));
            }
        }

        return result;
    }

    /// <summary>Reports every key of <paramref name="map"/> that is not in <paramref name="known"/>.</summary>
    public void UnknownFields(Dictionary<string, object?> map, string path, IReadOnlySet<string> known, string what, DiagnosticSeverity severity)
    {
        foreach (var key in map.Keys)
        {
            if (!known.Contains(key))
            {
                var allowed = string.Join(", ", known.Order(StringComparer.Ordinal));
                Report(severity, PackDiagnosticCodes.UnknownField, KeyAt(SourceMap.Child(path, key)), $"{what} has an unknown field '{key}' (allowed: {allowed})");
            }
        }
    }

    private bool Present(Dictionary<string, object?> map, string path, string key, bool required, string what, out object? value)
    {
        if (!map.TryGetValue(key, out value))
        {
            if (required)
            {
                Error(PackDiagnosticCodes.MissingField, path, $"{what} is missing the required field '{key}'");
            }

            return false;
        }

        if (value is null)
        {
            if (required)
            {
                Error(PackDiagnosticCodes.MissingField, SourceMap.Child(path, key), $"{what} has an empty value for the required field '{key}'");
            }

            return false;
        }

        return true;
    }

    private void WrongType(string path, string key, string expected, object? value) =>
        Error(PackDiagnosticCodes.WrongType, SourceMap.Child(path, key), $"field '{key}' must be {expected}, not {Describe(value)}");

    /// <summary>Names a plain value's type the way a YAML author thinks of it, with a short sample.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null (empty)",
        bool b => b ? "a boolean (true)" : "a boolean (false)",
        long l => string.Create(CultureInfo.InvariantCulture, $"an integer ({l})"),
        double d => "a number (" + d.ToString("R", CultureInfo.InvariantCulture) + ")",
        string s => "a string ('" + (s.Length > 40 ? s[..40] + "…" : s) + "')",
        List<object?> => "a list",
        Dictionary<string, object?> => "a mapping",
        _ => "a " + value.GetType().Name,
    };
}
