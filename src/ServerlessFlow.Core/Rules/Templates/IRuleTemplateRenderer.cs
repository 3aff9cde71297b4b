using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Rules.Templates;

/// <summary>Renders Jinja templates for rules (criteria patterns, action parameters). The Jinja
/// engine implements it; the rules engine stays independent of which engine that is.</summary>
public interface IRuleTemplateRenderer
{
    /// <summary>Renders <paramref name="template"/> to text, as Jinja2's <c>Template.render</c> does
    /// (undefined names are errors); throws <see cref="ExpressionException"/> on failure.</summary>
    string RenderText(string template, ExpressionScope scope);
}
