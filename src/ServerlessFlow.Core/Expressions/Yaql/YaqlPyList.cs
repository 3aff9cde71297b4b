namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>A Python list inside yaql (what split(), insert(), json() return), as opposed to the
/// tuples yaql makes of input data and list literals. Python never finds a list equal to a tuple,
/// so <c>'a,b'.split(',') = ['a', 'b']</c> is false in yaql; this type keeps that difference.</summary>
internal sealed class YaqlPyList : List<object?>
{
    public YaqlPyList()
    {
    }

    public YaqlPyList(IEnumerable<object?> items)
        : base(items)
    {
    }

    /// <summary>Marks every list in a value from a Python function (json.loads, yaml) as a Python list.</summary>
    public static object? Deep(object? value) => value switch
    {
        List<object?> list => new YaqlPyList(list.Select(Deep)),
        Dictionary<string, object?> dict => dict.ToDictionary(kv => kv.Key, kv => Deep(kv.Value), StringComparer.Ordinal),
        _ => value,
    };
}
