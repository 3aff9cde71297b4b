using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Expressions.Functions;
using ServerlessFlow.Core.Expressions.Jinja;

namespace ServerlessFlow.Core.Rules.Templates;

/// <summary>
/// The rules engine's Jinja: templates rendered to text as st2 renders criteria patterns and
/// action parameters (<c>env.from_string(text).render(context)</c>, undefined names are errors),
/// with st2's <c>to_complex</c> filter (json.dumps) available for typed patterns.
/// </summary>
public sealed class JinjaRuleTemplateRenderer : IRuleTemplateRenderer
{
    private readonly JinjaLanguage _jinja;

    /// <summary>Creates a renderer with the default shared functions and <paramref name="limits"/>
    /// (loop count, depth, output size and regex timeout, so a template that loops fails instead of hanging).</summary>
    public JinjaRuleTemplateRenderer(ExpressionLimits? limits = null)
    {
        var registry = ExpressionFunctionRegistry.CreateDefault();
        if (!registry.Contains("to_complex"))
        {
            // st2common/expressions/functions/data.py: to_complex(value) = json.dumps(value).
            registry.Add("to_complex", call => call.Arguments.Count == 1
                ? PythonJson.Dumps(call.Arguments[0])
                : throw new ExpressionException(ExpressionErrorKind.Evaluation, "to_complex() takes exactly one argument", call.Name, 0));
        }

        _jinja = new JinjaLanguage(registry, limits ?? ExpressionLimits.Default);
    }

    /// <inheritdoc />
    public string RenderText(string template, ExpressionScope scope) => _jinja.Render(template, scope);
}
