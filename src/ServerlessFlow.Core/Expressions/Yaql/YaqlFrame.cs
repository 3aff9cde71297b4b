namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>One level of yaql variables (<c>$</c> = <c>$1</c>, <c>$2</c>, <c>$name</c>); lambdas and
/// <c>-></c> push a child frame, lookups walk up to the root.</summary>
internal sealed class YaqlFrame
{
    private readonly YaqlFrame? _parent;
    private string? _name;
    private object? _value;
    private Dictionary<string, object?>? _more;

    public YaqlFrame(YaqlFrame? parent)
    {
        _parent = parent;
    }

    /// <summary>Sets a variable; <paramref name="name"/> is normalised as yaql does ("x" → "$x", "$" → "$1").</summary>
    public void Set(string name, object? value)
    {
        name = Normalize(name);
        if (_more is null && (_name is null || _name == name))
        {
            _name = name;
            _value = value;
            return;
        }

        _more ??= new Dictionary<string, object?>(StringComparer.Ordinal) { [_name!] = _value };
        _more[name] = value;
    }

    /// <summary>Reads a variable; an unknown name is null, as in yaql.</summary>
    public object? Get(string name)
    {
        name = Normalize(name);
        for (var frame = this; frame is not null; frame = frame._parent)
        {
            if (frame._more is not null)
            {
                if (frame._more.TryGetValue(name, out var found))
                {
                    return found;
                }
            }
            else if (frame._name is not null && string.Equals(frame._name, name, StringComparison.Ordinal))
            {
                return frame._value;
            }
        }

        return null;
    }

    private static string Normalize(string name)
    {
        if (name.Length == 1 && name[0] == '$')
        {
            return "$1";
        }

        return name.StartsWith('$') ? name : "$" + name;
    }
}
