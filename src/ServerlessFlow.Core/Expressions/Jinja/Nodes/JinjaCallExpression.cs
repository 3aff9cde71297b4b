namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A call: a global function (<c>ctx('x')</c>, <c>range(3)</c>, any registered function)
/// or a method of a value (<c>s.split(',')</c>, <c>d.items()</c>, <c>loop.cycle(a, b)</c>).</summary>
internal sealed class JinjaCallExpression(JinjaExpression callee, JinjaArguments arguments) : JinjaExpression
{
    public JinjaExpression Callee { get; } = callee;

    public JinjaArguments Arguments { get; } = arguments;

    public override object? Eval(JinjaTemplateContext context)
    {
        switch (Callee)
        {
            case JinjaNameExpression macroName when context.IsLocal(macroName.Name) && context.Resolve(macroName.Name, Position) is JinjaMacro macro:
                return macro.Call(context, Arguments.EvalPositional(context), Arguments.EvalNamed(context), Position);
            case JinjaNameExpression name when !context.IsLocal(name.Name):
                return context.CallFunction(name.Name, Arguments.EvalPositional(context), Arguments.EvalNamed(context), Position);
            case JinjaGetAttrExpression attr:
                var target = JinjaValues.Defined(attr.Target.Eval(context));
                return JinjaMethods.Call(context, target, attr.Name, Arguments.EvalPositional(context), Arguments.EvalNamed(context), Position);
            default:
                var value = JinjaValues.Defined(Callee.Eval(context));
                throw JinjaRuntimeException.Type($"'{JinjaValues.TypeName(value)}' object is not callable");
        }
    }
}
