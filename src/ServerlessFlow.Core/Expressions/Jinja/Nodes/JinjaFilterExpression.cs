namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>value | name(args)</c>: a Jinja builtin filter or any registered function.</summary>
internal sealed class JinjaFilterExpression(JinjaExpression? target, string name, JinjaArguments arguments) : JinjaExpression
{
    /// <summary>The filtered value; null inside <c>{% filter %}</c> blocks (not supported) and set blocks.</summary>
    public JinjaExpression? Target { get; } = target;

    public string Name { get; } = name;

    public JinjaArguments Arguments { get; } = arguments;

    public override object? Eval(JinjaTemplateContext context)
    {
        var value = Target?.Eval(context);
        return Apply(context, value);
    }

    /// <summary>Applies the filter to an already evaluated value.</summary>
    public object? Apply(JinjaTemplateContext context, object? value) =>
        context.CallFilter(Name, value, Arguments.EvalPositional(context), Arguments.EvalNamed(context), Position);
}
