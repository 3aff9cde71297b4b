namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>target[index]</c> and <c>target[a:b:c]</c>.</summary>
internal sealed class JinjaGetItemExpression(JinjaExpression target, JinjaExpression index) : JinjaExpression
{
    public JinjaExpression Target { get; } = target;

    public JinjaExpression Index { get; } = index;

    public override object? Eval(JinjaTemplateContext context)
    {
        var target = Target.Eval(context);
        if (Index is JinjaSliceExpression slice)
        {
            return JinjaAccess.Slice(
                target,
                slice.Start?.Eval(context),
                slice.Stop?.Eval(context),
                slice.Step?.Eval(context));
        }

        return JinjaAccess.GetItem(target, Index.Eval(context), Position);
    }
}
