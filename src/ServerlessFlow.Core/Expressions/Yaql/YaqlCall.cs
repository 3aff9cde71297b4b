namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>One call of a yaql library function: the receiver (for <c>x.f()</c>, argument 0),
/// the argument nodes (evaluated on demand, or used as lambdas), the mappings (<c>k => v</c>) and the frame.</summary>
internal sealed class YaqlCall
{
    private readonly YaqlNode[] _positional;
    private readonly object?[] _values;
    private readonly bool[] _evaluated;
    private readonly int _offset;

    public YaqlCall(YaqlEvaluation ev, string name, bool hasReceiver, object? receiver, YaqlNode[] arguments, YaqlFrame frame, int position)
    {
        Ev = ev;
        Name = name;
        HasReceiver = hasReceiver;
        Frame = frame;
        Position = position;
        var mappingCount = 0;
        foreach (var argument in arguments)
        {
            if (argument is YaqlMappingNode)
            {
                mappingCount++;
            }
        }

        if (mappingCount == 0)
        {
            _positional = arguments;
            Mappings = [];
        }
        else
        {
            _positional = arguments.Where(a => a is not YaqlMappingNode).ToArray();
            Mappings = arguments.OfType<YaqlMappingNode>().ToArray();
        }

        _offset = hasReceiver ? 1 : 0;
        Count = _positional.Length + _offset;
        _values = new object?[Count];
        _evaluated = new bool[Count];
        if (hasReceiver)
        {
            _values[0] = receiver;
            _evaluated[0] = true;
        }
    }

    public YaqlEvaluation Ev { get; }

    public string Name { get; }

    public bool HasReceiver { get; }

    public YaqlFrame Frame { get; }

    public int Position { get; }

    /// <summary>Positional arguments, the receiver included.</summary>
    public int Count { get; }

    public YaqlMappingNode[] Mappings { get; }

    /// <summary>The value of positional argument <paramref name="index"/> (evaluated once).</summary>
    public object? Value(int index)
    {
        if (!_evaluated[index])
        {
            _values[index] = _positional[index - _offset].Evaluate(Ev, Frame);
            _evaluated[index] = true;
        }

        return _values[index];
    }

    /// <summary>Positional argument <paramref name="index"/> as a lambda of one argument (<c>$</c>).</summary>
    public Func<object?, object?> Lambda(int index)
    {
        var node = LambdaNode(index);
        var frame = Frame;
        var ev = Ev;
        var position = Position;
        return item => ev.Invoke(node, frame, item, position);
    }

    /// <summary>Positional argument <paramref name="index"/> as a lambda of two arguments (<c>$1</c>, <c>$2</c>).</summary>
    public Func<object?, object?, object?> Lambda2(int index)
    {
        var node = LambdaNode(index);
        var frame = Frame;
        var ev = Ev;
        var position = Position;
        return (a, b) => ev.Invoke(node, frame, a, b, position);
    }

    /// <summary>The node of positional argument <paramref name="index"/> (the receiver has none).</summary>
    public YaqlNode PositionalNode(int index) => LambdaNode(index);

    private YaqlNode LambdaNode(int index)
    {
        if (index < _offset)
        {
            throw NoMatch();
        }

        return _positional[index - _offset];
    }

    /// <summary>A named argument (<c>name => value</c>) by its yaql name, evaluated; false when absent.</summary>
    public bool TryNamed(string name, out object? value)
    {
        foreach (var mapping in Mappings)
        {
            if (mapping.Key is YaqlKeywordNode keyword && string.Equals(keyword.Name, name, StringComparison.Ordinal))
            {
                value = mapping.Value.Evaluate(Ev, Frame);
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>A named argument's node, for lazily evaluated parameters.</summary>
    public YaqlNode? NamedNode(string name)
    {
        foreach (var mapping in Mappings)
        {
            if (mapping.Key is YaqlKeywordNode keyword && string.Equals(keyword.Name, name, StringComparison.Ordinal))
            {
                return mapping.Value;
            }
        }

        return null;
    }

    /// <summary>Argument <paramref name="index"/> if given positionally, else the named one, else the default.</summary>
    public object? Arg(int index, string name, object? fallback)
    {
        if (index < Count)
        {
            return Value(index);
        }

        return TryNamed(name, out var value) ? value : fallback;
    }

    /// <summary>Fails unless the argument count is within range and only the allowed names are used.</summary>
    public void Expect(int min, int max, params string[] names)
    {
        if (Count < min || Count > max)
        {
            throw NoMatch();
        }

        foreach (var mapping in Mappings)
        {
            if (mapping.Key is not YaqlKeywordNode keyword || Array.IndexOf(names, keyword.Name) < 0)
            {
                throw NoMatch();
            }
        }
    }

    /// <summary>yaql's "no overload matches" error, worded for a function or a method call.</summary>
    public YaqlError NoMatch()
    {
        if (HasReceiver)
        {
            return new YaqlError(
                "NoMatchingMethodException",
                $"No method \"{Name}\" for receiver {PythonSemantics.Str(_values[0], tuples: true)} matches supplied arguments",
                Position);
        }

        return new YaqlError("NoMatchingFunctionException", $"No function \"{Name}\" matches supplied arguments", Position);
    }

    public YaqlError Error(string pythonType, string message) => new(pythonType, message, Position);

    // Typed accessors: each fails with "no match" when the argument has the wrong type, as yaql's
    // parameter declarations do.
    public string String(int index) => Value(index) as string ?? throw NoMatch();

    public string? NullableString(int index, string name)
    {
        var value = Arg(index, name, null);
        return value switch
        {
            null => null,
            string s => s,
            _ => throw NoMatch(),
        };
    }

    public long Integer(int index, string name, long fallback)
    {
        var value = Arg(index, name, fallback);
        return value switch
        {
            long l => l,
            bool b => b ? 1 : 0,
            _ => throw NoMatch(),
        };
    }

    public List<object?> Iterable(int index)
    {
        var value = Value(index);
        return YaqlEvaluation.IsIterable(value) ? YaqlEvaluation.Items(value) : throw NoMatch();
    }

    public Dictionary<string, object?> Dict(int index) => Value(index) as Dictionary<string, object?> ?? throw NoMatch();
}
