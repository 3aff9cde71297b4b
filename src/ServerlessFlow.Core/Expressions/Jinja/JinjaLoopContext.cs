namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>The <c>loop</c> variable inside <c>{% for %}</c>: index, index0, revindex, revindex0,
/// first, last, length, previtem, nextitem, depth, depth0 and <c>cycle(...)</c>.</summary>
internal sealed class JinjaLoopContext
{
    private readonly List<object?> _items;

    public JinjaLoopContext(List<object?> items, int depth0)
    {
        _items = items;
        Depth0 = depth0;
    }

    /// <summary>0-based position of the current item.</summary>
    public int Index0 { get; set; }

    /// <summary>Nesting of loops, 0 for the outermost.</summary>
    public int Depth0 { get; }

    /// <summary>Reads one attribute; false when Jinja's LoopContext has no such attribute.</summary>
    public bool TryGet(string name, out object? value)
    {
        var length = _items.Count;
        switch (name)
        {
            case "index":
                value = (long)(Index0 + 1);
                return true;
            case "index0":
                value = (long)Index0;
                return true;
            case "revindex":
                value = (long)(length - Index0);
                return true;
            case "revindex0":
                value = (long)(length - Index0 - 1);
                return true;
            case "first":
                value = Index0 == 0;
                return true;
            case "last":
                value = Index0 == length - 1;
                return true;
            case "length":
                value = (long)length;
                return true;
            case "depth":
                value = (long)(Depth0 + 1);
                return true;
            case "depth0":
                value = (long)Depth0;
                return true;
            case "previtem":
                value = Index0 > 0 ? _items[Index0 - 1] : new JinjaUndefined("there is no previous item", -1);
                return true;
            case "nextitem":
                value = Index0 + 1 < length ? _items[Index0 + 1] : new JinjaUndefined("there is no next item", -1);
                return true;
            default:
                value = null;
                return false;
        }
    }

    /// <summary><c>loop.cycle(a, b, …)</c>: the argument at the current index modulo their count.</summary>
    public object? Cycle(IReadOnlyList<object?> arguments)
    {
        if (arguments.Count == 0)
        {
            throw JinjaRuntimeException.Type("no items for cycling given");
        }

        return arguments[Index0 % arguments.Count];
    }
}
