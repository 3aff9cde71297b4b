using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>
/// YAQL inside <c>&lt;% %&gt;</c>, evaluated as Orquesta's YAQLEvaluator does
/// (orquesta/expressions/yql.py): one whole expression keeps its type, several (or text around one)
/// render into a string with Python's str(). Unlike Orquesta, a string result is never evaluated again (data is never code).
/// </summary>
internal sealed partial class YaqlLanguage : IExpressionLanguage
{
    private const int MaxCachedExpressions = 4096;

    private readonly ConcurrentDictionary<string, object> _cache = new(StringComparer.Ordinal);
    private readonly ExpressionFunctionRegistry _functions;
    private readonly ExpressionLimits _limits;
    private readonly YaqlRegexCache _regexes = new();

    private readonly bool _ctxFastPath;

    public YaqlLanguage(ExpressionFunctionRegistry functions, ExpressionLimits limits)
    {
        _functions = functions;
        _limits = limits;
        // ctx().name can skip building ctx()'s dictionary only while ctx is Orquesta's own function.
        _ctxFastPath = functions.TryGet("ctx", out var ctx) && ctx.Method.DeclaringType == typeof(Functions.WorkflowFunctions);
    }

    public string Name => "yaql";

    // Orquesta's "<%.*?%>": non-greedy, and "." does not cross a newline.
    [GeneratedRegex("<%.*?%>", RegexOptions.CultureInvariant)]
    private static partial Regex ExpressionPattern();

    // Orquesta's _regex_var_extracts: ctx().x, ctx(x), ctx('x'), ctx("x").
    [GeneratedRegex(@"\bctx\(\)\.([a-zA-Z0-9_-]+)\b(?!\()|\bctx\(([a-zA-Z0-9_-]+)\)|\bctx\('([a-zA-Z0-9_-]+)'\)|\bctx\(""([a-zA-Z0-9_-]+)""\)", RegexOptions.CultureInvariant)]
    private static partial Regex CtxReference();

    public bool ContainsExpression(string text) => text.Contains("<%", StringComparison.Ordinal) && GetPlan(text).Length > 0;

    // One <% %> occurrence in a text: its source, where it starts, where its body starts inside it,
    // and the parsed body (or the syntax error it gave).
    private sealed record Segment(string Source, int Index, int BodyOffset, YaqlExpression? Parsed, YaqlSyntaxError? Error);

    private readonly ConcurrentDictionary<string, Segment[]> _plans = new(StringComparer.Ordinal);

    private Segment[] GetPlan(string text)
    {
        if (_plans.TryGetValue(text, out var plan))
        {
            return plan;
        }

        var matches = ExpressionPattern().Matches(text);
        plan = new Segment[matches.Count];
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            var (body, offset) = StripDelimiter(match.Value);
            try
            {
                plan[i] = new Segment(match.Value, match.Index, offset, GetParsed(body), null);
            }
            catch (YaqlSyntaxError ex)
            {
                plan[i] = new Segment(match.Value, match.Index, offset, null, ex);
            }
        }

        if (_plans.Count >= MaxCachedExpressions)
        {
            _plans.Clear();
        }

        _plans[text] = plan;
        return plan;
    }

    public object? Evaluate(string text, ExpressionScope scope)
    {
        var plan = GetPlan(text);
        if (plan.Length == 0)
        {
            return text;
        }

        var evaluation = new YaqlEvaluation(scope, _limits, _functions, _regexes, _ctxFastPath);
        if (plan.Length == 1 && plan[0].Source.Length == text.Length)
        {
            return EvaluateSegment(plan[0], text, scope, evaluation);
        }

        // Data is never code: a result is final, never evaluated again, and the text is assembled by position, so a
        // value that happens to contain "<% … %>" (or the text of a later expression) stays as it is. Orquesta evaluates
        // string results again and substitutes with str.replace; see the README's Security section.
        // Orquesta's str.replace gives every occurrence of the same expression text the first occurrence's result.
        var renderedBySource = new Dictionary<string, string>(StringComparer.Ordinal);
        var output = new System.Text.StringBuilder(text.Length);
        var last = 0;
        foreach (var segment in plan)
        {
            var result = EvaluateSegment(segment, text, scope, evaluation);
            if (!renderedBySource.TryGetValue(segment.Source, out var rendered))
            {
                rendered = PythonSemantics.Str(result);
                renderedBySource[segment.Source] = rendered;
            }

            output.Append(text, last, segment.Index - last).Append(rendered);
            last = segment.Index + segment.Source.Length;
            if (output.Length > _limits.MaxOutputLength)
            {
                throw new ExpressionException(ExpressionErrorKind.Limit, $"Rendered text longer than {_limits.MaxOutputLength} characters.", text, segment.Index);
            }
        }

        output.Append(text, last, text.Length - last);
        return output.ToString();
    }

    private static object? EvaluateSegment(Segment match, string text, ExpressionScope scope, YaqlEvaluation evaluation)
    {
        var expr = match.Source;
        var offset = match.BodyOffset;
        try
        {
            var parsed = match.Parsed ?? throw match.Error!;
            return parsed.Evaluate(evaluation, scope.Data);
        }
        catch (YaqlSyntaxError ex)
        {
            throw new ExpressionException(
                ex.IsLimit ? ExpressionErrorKind.Limit : ExpressionErrorKind.Syntax,
                $"Unable to evaluate expression '{expr}'. {ex.PythonType}: {ex.Message}",
                text,
                match.Index + offset + ex.Position);
        }
        catch (YaqlError ex)
        {
            var position = match.Index + offset + Math.Max(0, ex.Position);
            var message = ex.PythonType == "KeyError"
                ? $"Unable to resolve key '{ex.Message.Trim('\'')}' in expression '{expr}' from context."
                : string.IsNullOrEmpty(ex.PythonType)
                    ? $"Unable to evaluate expression '{expr}'. {ex.Message}"
                    : $"Unable to evaluate expression '{expr}'. {ex.PythonType}: {ex.Message}";
            throw new ExpressionException(ex.Kind, message, text, position, ex);
        }
        catch (ExpressionException ex) when (ex.Expression.Length == 0)
        {
            throw new ExpressionException(ex.Kind, $"Unable to evaluate expression '{expr}'. {ex.Message}", text, match.Index + offset, ex);
        }
        catch (InsufficientExecutionStackException ex)
        {
            // A value built nested thousands of levels deep: refused before the walk over it could overflow the stack.
            throw new ExpressionException(ExpressionErrorKind.Limit, $"Unable to evaluate expression '{expr}'. RecursionError: a value is nested too deeply.", text, match.Index + offset, ex);
        }
    }

    public ExpressionAnalysis Analyze(string text)
    {
        var errors = new List<ExpressionException>();
        var variables = new List<string>();
        foreach (Match match in ExpressionPattern().Matches(text))
        {
            var (body, offset) = StripDelimiter(match.Value);
            try
            {
                var parsed = GetParsed(body);
                CollectCtxVariables(parsed.Root, variables);
            }
            catch (YaqlSyntaxError ex)
            {
                errors.Add(new ExpressionException(ExpressionErrorKind.Syntax, ex.Message, text, match.Index + offset + ex.Position));

                // Orquesta finds ctx references with regular expressions, parse error or not.
                foreach (Match reference in CtxReference().Matches(body))
                {
                    var name = reference.Groups.Cast<Group>().Skip(1).FirstOrDefault(g => g.Success)?.Value;
                    if (!string.IsNullOrEmpty(name))
                    {
                        AddOnce(variables, name);
                    }
                }
            }
        }

        return new ExpressionAnalysis(errors, variables);
    }

    /// <summary>Parses one expression body (cached); throws <see cref="YaqlSyntaxError"/>.</summary>
    internal YaqlExpression GetParsed(string body)
    {
        if (_cache.TryGetValue(body, out var cached))
        {
            return cached as YaqlExpression ?? throw (YaqlSyntaxError)cached;
        }

        object entry;
        try
        {
            entry = YaqlExpression.Parse(body, _limits.MaxDepth);
        }
        catch (YaqlSyntaxError ex)
        {
            entry = ex;
        }

        if (_cache.Count >= MaxCachedExpressions)
        {
            _cache.Clear();
        }

        _cache[body] = entry;
        return entry as YaqlExpression ?? throw (YaqlSyntaxError)entry;
    }

    // Orquesta's strip_delimiter: expr.strip("<%>").strip(); returns the body and its offset in expr.
    private static (string Body, int Offset) StripDelimiter(string expr)
    {
        var start = 0;
        var end = expr.Length;
        while (start < end && expr[start] is '<' or '%' or '>')
        {
            start++;
        }

        while (end > start && expr[end - 1] is '<' or '%' or '>')
        {
            end--;
        }

        while (start < end && char.IsWhiteSpace(expr[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(expr[end - 1]))
        {
            end--;
        }

        return (expr[start..end], start);
    }

    // ctx(name), ctx('name'), ctx().name: the variables Orquesta's inspection extracts.
    private static void CollectCtxVariables(YaqlNode node, List<string> variables)
    {
        switch (node)
        {
            case YaqlCallNode call:
                if (call.Name == "ctx" && call.Arguments.Length == 1 && call.Arguments[0] is YaqlConstantNode { Value: string name })
                {
                    AddOnce(variables, name);
                }

                foreach (var argument in call.Arguments)
                {
                    CollectCtxVariables(argument, variables);
                }

                break;
            case YaqlDotNode dot:
                if (dot.Receiver is YaqlCallNode { Name: "ctx", Arguments.Length: 0 } && dot.Member is YaqlKeywordNode keyword)
                {
                    AddOnce(variables, keyword.Name);
                }

                CollectCtxVariables(dot.Receiver, variables);
                CollectCtxVariables(dot.Member, variables);
                break;
            case YaqlIndexNode index:
                CollectCtxVariables(index.Target, variables);
                foreach (var argument in index.Arguments)
                {
                    CollectCtxVariables(argument, variables);
                }

                break;
            case YaqlBinaryNode binary:
                CollectCtxVariables(binary.Left, variables);
                CollectCtxVariables(binary.Right, variables);
                break;
            case YaqlUnaryNode unary:
                CollectCtxVariables(unary.Operand, variables);
                break;
            case YaqlParenNode paren:
                CollectCtxVariables(paren.Inner, variables);
                break;
            case YaqlMappingNode mapping:
                CollectCtxVariables(mapping.Key, variables);
                CollectCtxVariables(mapping.Value, variables);
                break;
            case YaqlListNode list:
                foreach (var item in list.Items)
                {
                    CollectCtxVariables(item, variables);
                }

                break;
            case YaqlMapNode map:
                foreach (var entry in map.Entries)
                {
                    CollectCtxVariables(entry, variables);
                }

                break;
            default:
                break;
        }
    }

    private static void AddOnce(List<string> variables, string name)
    {
        if (!variables.Contains(name, StringComparer.Ordinal))
        {
            variables.Add(name);
        }
    }
}
