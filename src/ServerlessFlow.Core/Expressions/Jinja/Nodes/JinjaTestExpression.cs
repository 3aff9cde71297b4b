namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>value is [not] name(args)</c>.</summary>
internal sealed class JinjaTestExpression(JinjaExpression target, string name, JinjaArguments arguments, bool negated) : JinjaExpression
{
    public JinjaExpression Target { get; } = target;

    public string Name { get; } = name;

    public JinjaArguments Arguments { get; } = arguments;

    public bool Negated { get; } = negated;

    public override object? Eval(JinjaTemplateContext context)
    {
        var value = Target.Eval(context);
        var result = JinjaTests.Run(context, Name, value, Arguments.EvalPositional(context), Position);
        return Negated ? !result : result;
    }
}
