namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// StackStorm's <c>include_attributes</c> / <c>exclude_attributes</c> query parameters: comma-separated field names, dotted
/// for nested fields (<c>action.ref</c>), applied to every record a <c>GET</c> answers. Unknown names are ignored, as st2
/// ignores them for fields a record does not carry.
/// </summary>
public static class ApiAttributes
{
    /// <summary>Applies the request's attribute selection to a successful answer; other answers pass unchanged.</summary>
    public static ApiResult Apply(ApiRequest request, ApiResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var include = Names(request.QueryValue("include_attributes"));
        var exclude = Names(request.QueryValue("exclude_attributes"));
        if (request.Method != "GET" || result.StatusCode != 200 || (include.Count == 0 && exclude.Count == 0))
        {
            return result;
        }

        object? Select(object? value) => value is Dictionary<string, object?> record ? Filter(record, include, exclude) : value;
        return result.Body switch
        {
            List<object?> list => ApiResult.Json(list.Select(Select).ToList(), result.StatusCode, result.Headers),
            Dictionary<string, object?> record => ApiResult.Json(Select(record), result.StatusCode, result.Headers),
            _ => result,
        };
    }

    /// <summary>Leaves out the top-level fields of each record that have no value, as StackStorm's records leave out fields
    /// that were never set (its schemas type them as strings or objects, never null).</summary>
    public static ApiResult DropUnset(ApiResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        static object? Drop(object? value) => value is Dictionary<string, object?> record && record.ContainsValue(null)
            ? record.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)
            : value;
        return result.StreamWriter is not null ? result : result.Body switch
        {
            List<object?> list when list.Any(i => i is Dictionary<string, object?> d && d.ContainsValue(null)) =>
                ApiResult.Json(list.Select(Drop).ToList(), result.StatusCode, result.Headers),
            Dictionary<string, object?> record when record.ContainsValue(null) => ApiResult.Json(Drop(record), result.StatusCode, result.Headers),
            _ => result,
        };
    }

    /// <summary>The record with only the included fields (all when none are named), less the excluded ones.</summary>
    public static Dictionary<string, object?> Filter(Dictionary<string, object?> record, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        var kept = include.Count == 0 ? new Dictionary<string, object?>(record, StringComparer.Ordinal) : Include(record, include.Select(n => n.Split('.')).ToList());
        foreach (var name in exclude)
        {
            Remove(kept, name.Split('.'), 0);
        }

        return kept;
    }

    private static List<string> Names(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static Dictionary<string, object?> Include(Dictionary<string, object?> record, List<string[]> paths)
    {
        var kept = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var group in paths.Where(p => p.Length > 0).GroupBy(p => p[0], StringComparer.Ordinal))
        {
            if (!record.TryGetValue(group.Key, out var value))
            {
                continue;
            }

            // A bare name keeps the whole field; only dotted names narrow a nested record.
            var nested = group.Where(p => p.Length > 1).Select(p => p[1..]).ToList();
            kept[group.Key] = group.Any(p => p.Length == 1) || value is not Dictionary<string, object?> inner ? value : Include(inner, nested);
        }

        return kept;
    }

    private static void Remove(Dictionary<string, object?> record, string[] path, int at)
    {
        if (at == path.Length - 1)
        {
            record.Remove(path[at]);
        }
        else if (record.TryGetValue(path[at], out var value) && value is Dictionary<string, object?> inner)
        {
            var copy = new Dictionary<string, object?>(inner, StringComparer.Ordinal);
            Remove(copy, path, at + 1);
            record[path[at]] = copy;
        }
    }
}
