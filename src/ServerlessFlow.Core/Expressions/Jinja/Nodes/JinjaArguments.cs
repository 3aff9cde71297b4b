namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>The arguments of a call, filter or test: positional and keyword expressions.</summary>
internal sealed class JinjaArguments
{
    public static JinjaArguments None { get; } = new();

    public List<JinjaExpression> Positional { get; } = [];

    public List<KeyValuePair<string, JinjaExpression>> Named { get; } = [];

    /// <summary>Evaluates positional arguments, with <paramref name="first"/> (the filtered value) in front when given.</summary>
    public List<object?> EvalPositional(JinjaTemplateContext context, bool hasFirst = false, object? first = null)
    {
        var values = new List<object?>(Positional.Count + (hasFirst ? 1 : 0));
        if (hasFirst)
        {
            values.Add(first);
        }

        foreach (var argument in Positional)
        {
            values.Add(argument.Eval(context));
        }

        return values;
    }

    public Dictionary<string, object?> EvalNamed(JinjaTemplateContext context)
    {
        if (Named.Count == 0)
        {
            return Empty;
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, argument) in Named)
        {
            values[name] = argument.Eval(context);
        }

        return values;
    }

    private static readonly Dictionary<string, object?> Empty = new(StringComparer.Ordinal);
}
