using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Templates;

/// <summary>
/// StackStorm's criteria pattern rendering (RuleFilter._render_criteria_pattern): when the pattern
/// holds <c>{{ … }}</c>, the last expression on each line gets <c>| to_complex</c> (JSON) and the
/// output is decoded as JSON, so <c>"{{ trigger.count }}"</c> stays a number; when the output is not
/// JSON the pattern is rendered again as plain text.
/// </summary>
internal static partial class PatternRendering
{
    [GeneratedRegex(@"({{)\s*(.*)\s*(}})")]
    private static partial Regex MatchCriteria();

    /// <summary>Renders a pattern that holds Jinja markup.</summary>
    public static object? Render(string pattern, ExpressionScope scope, IRuleTemplateRenderer templates)
    {
        if (MatchCriteria().IsMatch(pattern))
        {
            var complex = MatchCriteria().Replace(pattern, "$1$2 | to_complex$3");
            var rendered = templates.RenderText(complex, scope);
            if (JsonText.TryParse(rendered, out var value, out _))
            {
                return value;
            }
        }

        return templates.RenderText(pattern, scope);
    }
}
