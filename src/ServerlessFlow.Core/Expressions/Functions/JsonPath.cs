using System.Globalization;

namespace ServerlessFlow.Core.Expressions.Functions;

/// <summary>The JSONPath subset st2 workflows use with <c>jsonpath_query</c> (python-jsonpath-rw):
/// <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[n]</c>, <c>[*]</c>, <c>.*</c> and <c>..name</c>.
/// Anything else is a clear error rather than a guess.</summary>
public static class JsonPath
{
    /// <summary>Every value the query selects, in document order.</summary>
    public static List<object?> Find(object? value, string query, ExpressionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(limits);
        var current = new List<object?> { value };
        var i = 0;
        var q = query.Trim();
        while (i < q.Length)
        {
            var next = new List<object?>();
            if (q[i] == '$')
            {
                i++;
                continue;
            }

            if (string.CompareOrdinal(q, i, "..", 0, 2) == 0)
            {
                i += 2;
                var name = ReadName(q, ref i);
                foreach (var item in current)
                {
                    Descend(item, name, next, limits, 0);
                }
            }
            else if (q[i] == '.')
            {
                i++;
                if (i < q.Length && q[i] == '*')
                {
                    i++;
                    Children(current, next);
                }
                else
                {
                    var name = ReadName(q, ref i);
                    Field(current, name, next);
                }
            }
            else if (q[i] == '[')
            {
                var close = q.IndexOf(']', i);
                if (close < 0)
                {
                    throw Error(query, "missing ']'");
                }

                var inner = q[(i + 1)..close].Trim();
                i = close + 1;
                if (inner == "*")
                {
                    Children(current, next);
                }
                else if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    Field(current, inner[1..^1], next);
                }
                else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    foreach (var item in current)
                    {
                        if (item is List<object?> list)
                        {
                            var at = index < 0 ? index + list.Count : index;
                            if (at >= 0 && at < list.Count)
                            {
                                next.Add(list[at]);
                            }
                        }
                    }
                }
                else
                {
                    throw Error(query, $"unsupported selector [{inner}]");
                }
            }
            else if (current.Count == 1 && ReferenceEquals(current[0], value) && i == 0)
            {
                Field(current, ReadName(q, ref i), next);
            }
            else
            {
                throw Error(query, $"unexpected '{q[i]}' at {i}");
            }

            current = next;
        }

        return current;
    }

    private static ExpressionException Error(string query, string reason) =>
        new(ExpressionErrorKind.Evaluation, $"JsonPathParserError: cannot parse JSONPath '{query}': {reason}", string.Empty, 0);

    private static string ReadName(string q, ref int i)
    {
        var start = i;
        while (i < q.Length && (char.IsLetterOrDigit(q[i]) || q[i] is '_' or '-'))
        {
            i++;
        }

        if (i == start)
        {
            throw Error(q, $"expected a field name at {start}");
        }

        return q[start..i];
    }

    private static void Field(List<object?> current, string name, List<object?> next)
    {
        foreach (var item in current)
        {
            if (item is Dictionary<string, object?> dict && dict.TryGetValue(name, out var v))
            {
                next.Add(v);
            }
        }
    }

    private static void Children(List<object?> current, List<object?> next)
    {
        foreach (var item in current)
        {
            switch (item)
            {
                case Dictionary<string, object?> dict:
                    next.AddRange(dict.Values);
                    break;
                case List<object?> list:
                    next.AddRange(list);
                    break;
            }
        }
    }

    private static void Descend(object? item, string name, List<object?> found, ExpressionLimits limits, int depth)
    {
        if (depth > limits.MaxDepth)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, "jsonpath_query: the value nests deeper than the limit", string.Empty, 0);
        }

        switch (item)
        {
            case Dictionary<string, object?> dict:
                if (dict.TryGetValue(name, out var v))
                {
                    found.Add(v);
                }

                foreach (var child in dict.Values)
                {
                    Descend(child, name, found, limits, depth + 1);
                }

                break;
            case List<object?> list:
                foreach (var child in list)
                {
                    Descend(child, name, found, limits, depth + 1);
                }

                break;
        }
    }
}
