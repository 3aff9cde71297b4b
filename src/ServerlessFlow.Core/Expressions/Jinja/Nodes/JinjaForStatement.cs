namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>{% for a[, b] in items [if test] %}…{% else %}…{% endfor %}</c> with <c>loop</c>.
/// Variables set inside the loop do not leak out, as in Jinja.</summary>
internal sealed class JinjaForStatement(
    List<string> targets,
    JinjaExpression iterable,
    JinjaExpression? filter,
    JinjaBlockStatement body,
    JinjaBlockStatement? otherwise) : JinjaStatement
{
    public List<string> Targets { get; } = targets;

    public JinjaExpression Iterable { get; } = iterable;

    public JinjaExpression? Filter { get; } = filter;

    public JinjaBlockStatement Body { get; } = body;

    public JinjaBlockStatement? Otherwise { get; } = otherwise;

    public override void Render(JinjaTemplateContext context)
    {
        var source = JinjaValues.Iterate(Iterable.Eval(context));
        var items = source;
        if (Filter is not null)
        {
            items = [];
            context.PushFrame();
            try
            {
                foreach (var item in source)
                {
                    context.CountIteration(Position);
                    Bind(context, item);
                    if (JinjaValues.IsTruthy(Filter.Eval(context)))
                    {
                        items.Add(item);
                    }
                }
            }
            finally
            {
                context.PopFrame();
            }
        }
        else
        {
            // A snapshot, so that a body that appends to the list cannot loop forever.
            items = [.. source];
        }

        if (items.Count == 0)
        {
            Otherwise?.Render(context);
            return;
        }

        // loop.depth counts recursive-loop levels in Jinja; plain nested loops are all depth 1.
        var loop = new JinjaLoopContext(items, 0);
        context.PushFrame();
        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                context.CountIteration(Position);
                loop.Index0 = i;
                context.ClearFrame();
                context.SetLocal("loop", loop);
                Bind(context, items[i]);
                Body.Render(context);
            }
        }
        finally
        {
            context.PopFrame();
        }
    }

    private void Bind(JinjaTemplateContext context, object? item)
    {
        if (Targets.Count == 1)
        {
            context.SetLocal(Targets[0], item);
            return;
        }

        JinjaAssign.Unpack(context, Targets, item);
    }
}
