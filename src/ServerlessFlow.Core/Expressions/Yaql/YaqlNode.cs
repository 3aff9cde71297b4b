namespace ServerlessFlow.Core.Expressions.Yaql;

// The yaql syntax tree. The node classes form one closed family (yaql/language/expressions.py),
// so they live together in this file; each evaluates itself against an evaluation and a frame.

/// <summary>A node of a parsed yaql expression.</summary>
internal abstract class YaqlNode
{
    protected YaqlNode(int position)
    {
        Position = position;
    }

    /// <summary>0-based offset of the node in the expression.</summary>
    public int Position { get; }

    public abstract object? Evaluate(YaqlEvaluation ev, YaqlFrame frame);
}

/// <summary>A literal: number, string, true, false, null.</summary>
internal class YaqlConstantNode : YaqlNode
{
    public YaqlConstantNode(object? value, int position)
        : base(position)
    {
        Value = value;
    }

    public object? Value { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame) => Value;
}

/// <summary>A bare name (<c>foo</c> in <c>$.foo</c>, <c>dict(a => 1)</c>): a string constant.</summary>
internal sealed class YaqlKeywordNode : YaqlConstantNode
{
    public YaqlKeywordNode(string name, int position)
        : base(name, position)
    {
        Name = name;
    }

    public string Name { get; }
}

/// <summary><c>$</c>, <c>$1</c>, <c>$name</c>.</summary>
internal sealed class YaqlVariableNode : YaqlNode
{
    public YaqlVariableNode(string name, int position)
        : base(position)
    {
        Name = name;
    }

    public string Name { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame) => frame.Get(Name);
}

/// <summary>A parenthesised expression.</summary>
internal sealed class YaqlParenNode : YaqlNode
{
    public YaqlParenNode(YaqlNode inner, int position)
        : base(position)
    {
        Inner = inner;
    }

    public YaqlNode Inner { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame) => Inner.Evaluate(ev, frame);
}

/// <summary><c>key => value</c> inside an argument list, a dict or a list.</summary>
internal sealed class YaqlMappingNode : YaqlNode
{
    public YaqlMappingNode(YaqlNode key, YaqlNode value, int position)
        : base(position)
    {
        Key = key;
        Value = value;
    }

    public YaqlNode Key { get; }

    public YaqlNode Value { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame) =>
        throw new YaqlError("NoMatchingFunctionException", "A mapping (=>) can only be a function argument or a dict entry", Position);
}

/// <summary><c>[a, b]</c>.</summary>
internal sealed class YaqlListNode : YaqlNode
{
    public YaqlListNode(YaqlNode[] items, int position)
        : base(position)
    {
        Items = items;
    }

    public YaqlNode[] Items { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame)
    {
        var list = new List<object?>(Items.Length);
        foreach (var item in Items)
        {
            if (item is YaqlMappingNode)
            {
                throw new YaqlError("NoMatchingFunctionException", "No function \"#list\" matches supplied arguments", item.Position);
            }

            list.Add(item.Evaluate(ev, frame));
        }

        return list;
    }
}

/// <summary><c>{k => v, …}</c>.</summary>
internal sealed class YaqlMapNode : YaqlNode
{
    public YaqlMapNode(YaqlNode[] entries, int position)
        : base(position)
    {
        Entries = entries;
    }

    public YaqlNode[] Entries { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame)
    {
        var dict = new Dictionary<string, object?>(Entries.Length, StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (entry is not YaqlMappingNode mapping)
            {
                throw new YaqlError("NoMatchingFunctionException", "No function \"#map\" matches supplied arguments", entry.Position);
            }

            var key = YaqlEvaluation.DictKey(mapping.Key.Evaluate(ev, frame), mapping.Key.Position);
            dict[key] = mapping.Value.Evaluate(ev, frame);
        }

        return dict;
    }
}

/// <summary>A function call <c>name(args)</c>; as the right side of <c>.</c> it is a method call.</summary>
internal sealed class YaqlCallNode : YaqlNode
{
    public YaqlCallNode(string name, YaqlNode[] arguments, int position)
        : base(position)
    {
        Name = name;
        Arguments = arguments;
    }

    public string Name { get; }

    public YaqlNode[] Arguments { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame) =>
        ev.Call(Name, false, null, Arguments, frame, Position);
}

/// <summary><c>receiver.name</c>, <c>receiver.method(args)</c> and the null-safe <c>?.</c>.</summary>
internal sealed class YaqlDotNode : YaqlNode
{
    public YaqlDotNode(YaqlNode receiver, YaqlNode member, bool nullSafe, int position)
        : base(position)
    {
        Receiver = receiver;
        Member = member;
        NullSafe = nullSafe;
    }

    public YaqlNode Receiver { get; }

    public YaqlNode Member { get; }

    public bool NullSafe { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame)
    {
        // ctx().name: the same answer as building ctx()'s dictionary (keywords never start with "__",
        // which ctx() hides) without building it.
        if (ev.CtxFastPath && Member is YaqlKeywordNode name && Receiver is YaqlCallNode { Name: "ctx", Arguments.Length: 0 })
        {
            var variables = Functions.WorkflowFunctions.Variables(ev.Scope);
            return variables.TryGetValue(name.Name, out var found)
                ? found
                : throw new YaqlError("KeyError", $"'{name.Name}'", name.Position, ExpressionErrorKind.Undefined);
        }

        var receiver = Receiver.Evaluate(ev, frame);
        if (NullSafe && receiver is null)
        {
            return null;
        }

        return Member switch
        {
            YaqlCallNode call => ev.Call(call.Name, true, receiver, call.Arguments, frame, call.Position),
            YaqlKeywordNode keyword => ev.GetAttribute(receiver, keyword.Name, keyword.Position),
            _ => throw new YaqlError("NoMatchingFunctionException", "No function \"#operator_.\" matches supplied arguments", Position),
        };
    }
}

/// <summary><c>value[index]</c> and <c>dict[key, default]</c>.</summary>
internal sealed class YaqlIndexNode : YaqlNode
{
    public YaqlIndexNode(YaqlNode target, YaqlNode[] arguments, int position)
        : base(position)
    {
        Target = target;
        Arguments = arguments;
    }

    public YaqlNode Target { get; }

    public YaqlNode[] Arguments { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame)
    {
        var target = Target.Evaluate(ev, frame);
        if (Arguments.Length is < 1 or > 2 || Arguments.Any(a => a is YaqlMappingNode))
        {
            throw new YaqlError("NoMatchingFunctionException", "No function \"#indexer\" matches supplied arguments", Position);
        }

        var index = Arguments[0].Evaluate(ev, frame);
        if (Arguments.Length == 2)
        {
            var fallback = Arguments[1].Evaluate(ev, frame);
            if (target is Dictionary<string, object?> withDefault)
            {
                return withDefault.TryGetValue(YaqlEvaluation.DictKey(index, Position), out var found) ? found : fallback;
            }

            throw new YaqlError("NoMatchingFunctionException", "No function \"#indexer\" matches supplied arguments", Position);
        }

        return ev.Index(target, index, Position);
    }
}

/// <summary>Binary operators other than <c>and</c>, <c>or</c>, <c>.</c> and <c>-></c>.</summary>
internal sealed class YaqlBinaryNode : YaqlNode
{
    public YaqlBinaryNode(string op, YaqlNode left, YaqlNode right, int position)
        : base(position)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    public string Operator { get; }

    public YaqlNode Left { get; }

    public YaqlNode Right { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame)
    {
        switch (Operator)
        {
            case "and":
                {
                    var left = Left.Evaluate(ev, frame);
                    return PythonSemantics.IsTruthy(left) ? Right.Evaluate(ev, frame) : left;
                }

            case "or":
                {
                    var left = Left.Evaluate(ev, frame);
                    return PythonSemantics.IsTruthy(left) ? left : Right.Evaluate(ev, frame);
                }

            case "->":
                {
                    var left = Left.Evaluate(ev, frame);
                    if (left is not YaqlLetContext context)
                    {
                        throw new YaqlError("NoMatchingFunctionException", "No function \"#operator_->\" matches supplied arguments", Position);
                    }

                    var child = new YaqlFrame(frame);
                    foreach (var (name, value) in context.Variables)
                    {
                        child.Set(name, value);
                    }

                    return Right.Evaluate(ev, child);
                }

            default:
                break;
        }

        var l = Left.Evaluate(ev, frame);
        var r = Right.Evaluate(ev, frame);
        return Operator switch
        {
            "+" => YaqlOperators.Add(ev, l, r, Position),
            "-" => YaqlOperators.Subtract(l, r, Position),
            "*" => YaqlOperators.Multiply(ev, l, r, Position),
            "/" => YaqlOperators.Divide(l, r, Position),
            "mod" => YaqlOperators.Modulo(l, r, Position),
            "=" => PythonSemantics.Equals(l, r),
            "!=" => !PythonSemantics.Equals(l, r),
            "<" or "<=" or ">" or ">=" => YaqlOperators.Compare(Operator, l, r, Position),
            "in" => YaqlOperators.In(l, r, Position),
            "=~" => ev.RegexMatches(l, r, Position, "#operator_=~"),
            "!~" => !ev.RegexMatches(l, r, Position, "#operator_!~"),
            _ => throw new YaqlError("NoFunctionRegisteredException", $"Unknown function \"#operator_{Operator}\"", Position),
        };
    }
}

/// <summary>Prefix <c>-</c>, <c>+</c>, <c>not</c>.</summary>
internal sealed class YaqlUnaryNode : YaqlNode
{
    public YaqlUnaryNode(string op, YaqlNode operand, int position)
        : base(position)
    {
        Operator = op;
        Operand = operand;
    }

    public string Operator { get; }

    public YaqlNode Operand { get; }

    public override object? Evaluate(YaqlEvaluation ev, YaqlFrame frame)
    {
        var value = Operand.Evaluate(ev, frame);
        return Operator switch
        {
            "-" => YaqlOperators.Negate(value, Position),
            "+" => YaqlOperators.Plus(value, Position),
            _ => !PythonSemantics.IsTruthy(value),
        };
    }
}
