using ServerlessFlow.Core.Expressions.Jinja.Nodes;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>A <c>{% macro name(a, b=default) %}…{% endmacro %}</c> value: calling it renders the body
/// with the arguments bound and returns the text.</summary>
internal sealed class JinjaMacro(string name, List<(string Name, JinjaExpression? Default)> parameters, JinjaBlockStatement body)
{
    public string Name { get; } = name;

    public List<(string Name, JinjaExpression? Default)> Parameters { get; } = parameters;

    public JinjaBlockStatement Body { get; } = body;

    public string Call(JinjaTemplateContext context, List<object?> arguments, Dictionary<string, object?> named, int position)
    {
        if (arguments.Count > Parameters.Count)
        {
            throw JinjaRuntimeException.Type($"macro '{Name}' takes not more than {Parameters.Count} argument(s)");
        }

        foreach (var key in named.Keys)
        {
            if (!Parameters.Exists(p => p.Name == key))
            {
                throw JinjaRuntimeException.Type($"macro '{Name}' takes no keyword argument '{key}'");
            }
        }

        var values = new List<object?>(Parameters.Count);
        for (var i = 0; i < Parameters.Count; i++)
        {
            var (parameter, fallback) = Parameters[i];
            if (i < arguments.Count)
            {
                values.Add(arguments[i]);
            }
            else if (named.TryGetValue(parameter, out var value))
            {
                values.Add(value);
            }
            else if (fallback is not null)
            {
                values.Add(fallback.Eval(context));
            }
            else
            {
                values.Add(new JinjaUndefined($"parameter '{parameter}' was not provided", position));
            }
        }

        context.EnterRecursive(context.CurrentNode);
        context.PushFrame();
        try
        {
            for (var i = 0; i < Parameters.Count; i++)
            {
                context.SetLocal(Parameters[i].Name, values[i]);
            }

            return context.Capture(Body);
        }
        finally
        {
            context.PopFrame();
            context.ExitRecursive(context.CurrentNode);
        }
    }
}
