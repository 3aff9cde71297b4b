using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions.Jinja.Nodes;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>
/// Jinja for the expression engine, on Scriban's runtime. Why this shape: Scriban's own parser
/// reads Scriban/Liquid, whose syntax and semantics (truthiness, <c>str()</c> of values, filters
/// with arguments, tests, <c>~</c>, <c>%</c>, loop scoping) differ from Jinja's, so a translation to
/// Scriban source could not give Jinja's exact results. Instead a Jinja lexer and parser build an
/// AST whose nodes are Scriban <c>ScriptNode</c>s (statements and expressions) evaluated by a
/// Scriban <c>TemplateContext</c> (output stack, recursion guard), with Python semantics inside the
/// nodes and only plain values reachable: no Scriban builtins, no .NET member access.
/// Evaluation follows Orquesta's JinjaEvaluator: a text that is exactly one <c>{{ }}</c> keeps the
/// value's type, expressions inside text are substituted with <c>str()</c>, any <c>{% %}</c> renders the
/// whole text as a template, raw blocks are kept. Unlike Orquesta, results are never evaluated again.
/// </summary>
internal sealed partial class JinjaLanguage : IExpressionLanguage
{
    private const int MaxCacheEntries = 4096;
    private readonly ConcurrentDictionary<string, object> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _expressions = new(StringComparer.Ordinal);

    public JinjaLanguage(ExpressionFunctionRegistry registry, ExpressionLimits? limits = null)
    {
        Registry = registry;
        Limits = limits ?? ExpressionLimits.Default;
    }

    public string Name => "jinja";

    public ExpressionFunctionRegistry Registry { get; }

    public ExpressionLimits Limits { get; }

    [GeneratedRegex(@"{{.*?}}", RegexOptions.CultureInvariant)]
    private static partial Regex InlineRegex();

    [GeneratedRegex(@"{%.*?%}", RegexOptions.CultureInvariant)]
    private static partial Regex BlockRegex();

    [GeneratedRegex(@"\bctx\((?:'([a-zA-Z0-9_-]+)'|""([a-zA-Z0-9_-]+)""|([a-zA-Z0-9_-]+))?\)(?:\.([a-zA-Z0-9_-]+)\b(?!\())?", RegexOptions.CultureInvariant)]
    private static partial Regex CtxRegex();

    /// <summary>Orquesta's has_expressions: a <c>{{ }}</c> or a <c>{% %}</c> on one line.</summary>
    public bool ContainsExpression(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal)
            ? InlineRegex().IsMatch(text) || BlockRegex().IsMatch(text)
            : false;

    /// <summary>Orquesta's JinjaEvaluator.evaluate, except that data is never code: a result is never evaluated or rendered
    /// again (Orquesta expands string results and renders the output a second time when the text has raw blocks).</summary>
    public object? Evaluate(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);

        // Any {% %} (raw blocks included) renders the whole text as one template, once: the lexer keeps raw blocks as
        // data, so they need no placeholders and no second rendering that would also render the values substituted.
        if (BlockRegex().IsMatch(text))
        {
            return RenderTemplate(text, scope, text, text);
        }

        var inline = InlineRegex().Matches(text);
        var whole = inline.Count == 1 && inline[0].Length == text.Length;
        var renderedByExpression = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? unresolved = null;
        var output = new System.Text.StringBuilder(text.Length);
        var last = 0;
        foreach (Match match in inline)
        {
            var expr = match.Value;
            var result = EvaluateInline(expr, text, match.Index, scope);
            output.Append(text, last, match.Index - last);
            last = match.Index + match.Length;
            if (result is JinjaUndefined { Lenient: false })
            {
                // Orquesta leaves a strict undefined in the text and then reports it as unresolved.
                (unresolved ??= []).Add(StripDelimiter(expr));
                output.Append(expr);
                continue;
            }

            try
            {
                if (whole)
                {
                    return JinjaValues.ToPlain(result);
                }

                // Orquesta's str.replace gives every occurrence of the same expression text the first one's result.
                if (!renderedByExpression.TryGetValue(expr, out var rendered))
                {
                    rendered = JinjaValues.Str(result);
                    renderedByExpression[expr] = rendered;
                }

                output.Append(rendered);
            }
            catch (JinjaRuntimeException ex)
            {
                var stripped = StripDelimiter(expr);
                throw Wrap(ex, expr, text, match.Index + Math.Max(0, expr.IndexOf(stripped, StringComparison.Ordinal)) + Math.Max(0, ex.Position));
            }

            if (output.Length > Limits.MaxOutputLength)
            {
                throw new ExpressionException(ExpressionErrorKind.Limit, $"Unable to evaluate expression '{expr}'. The result exceeds the output limit of {Limits.MaxOutputLength} characters.", text, match.Index);
            }
        }

        if (unresolved is not null)
        {
            throw new ExpressionException(
                ExpressionErrorKind.Undefined,
                "JinjaEvaluationException: There are unresolved variables: " + string.Join(", ", unresolved),
                text,
                text.IndexOf("{{", StringComparison.Ordinal));
        }

        output.Append(text, last, text.Length - last);
        return output.ToString();
    }

    /// <summary>Renders <paramref name="text"/> as one Jinja template to a string, as st2 renders rule
    /// criteria and action parameters (<c>env.from_string(text).render(context)</c>).</summary>
    public string Render(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        return RenderTemplate(text, scope, text, text);
    }

    // One {{ }} of a text, evaluated to its value (not yet converted to text).
    private object? EvaluateInline(string expr, string text, int index, ExpressionScope scope)
    {
        var stripped = StripDelimiter(expr);
        var basePosition = index + Math.Max(0, expr.IndexOf(stripped, StringComparison.Ordinal));
        JinjaExpression compiled;
        try
        {
            compiled = GetExpression(stripped, text, index);
        }
        catch (ExpressionException ex)
        {
            throw new ExpressionException(ex.Kind, $"Unable to evaluate expression '{expr}'. {ex.Message}", ex.Expression, ex.Position, ex.InnerException);
        }

        try
        {
            var context = JinjaTemplateContext.Rent(scope, Limits, Registry);
            var result = compiled.Eval(context);
            if (result is JinjaKeyValueLookup kv)
            {
                result = kv.Resolve();
            }

            JinjaTemplateContext.Return(context);
            return result;
        }
        catch (JinjaRuntimeException ex)
        {
            throw Wrap(ex, expr, text, basePosition + Math.Max(0, ex.Position));
        }
        catch (Scriban.Syntax.ScriptRuntimeException ex)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, $"Unable to evaluate expression '{expr}'. RecursionError: {ex.OriginalMessage}", text, index, ex);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, $"Unable to evaluate expression '{expr}'. RecursionError: a value is nested too deeply.", text, index, ex);
        }
        catch (Exception ex) when (IsUnexpected(ex))
        {
            throw new ExpressionException(ExpressionErrorKind.Evaluation, $"Unable to evaluate expression '{expr}'. {ex.GetType().Name}: {ex.Message}", text, index, ex);
        }
    }

    private string RenderTemplate(string template, ExpressionScope scope, string originalText, string expr)
    {
        JinjaBlockStatement root;
        try
        {
            root = GetTemplate(template, originalText);
        }
        catch (ExpressionException ex)
        {
            throw new ExpressionException(ex.Kind, $"Unable to evaluate expression '{expr}'. {ex.Message}", ex.Expression, ex.Position, ex.InnerException);
        }

        try
        {
            var context = JinjaTemplateContext.Rent(scope, Limits, Registry);
            root.Render(context);
            var rendered = context.RenderedText();
            JinjaTemplateContext.Return(context);
            return rendered;
        }
        catch (JinjaRuntimeException ex)
        {
            throw Wrap(ex, expr, originalText, ex.Position >= 0 && template == originalText ? ex.Position : 0);
        }
        catch (Scriban.Syntax.ScriptRuntimeException ex)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, $"Unable to evaluate expression '{expr}'. RecursionError: {ex.OriginalMessage}", originalText, 0, ex);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, $"Unable to evaluate expression '{expr}'. RecursionError: a value is nested too deeply.", originalText, 0, ex);
        }
        catch (Exception ex) when (IsUnexpected(ex))
        {
            throw new ExpressionException(ExpressionErrorKind.Evaluation, $"Unable to evaluate expression '{expr}'. {ex.GetType().Name}: {ex.Message}", originalText, 0, ex);
        }
    }

    // A bug or an unforeseen .NET failure still reaches the caller as an expression error, never a crash.
    private static bool IsUnexpected(Exception ex) =>
        ex is not (ExpressionException or JinjaRuntimeException or OutOfMemoryException or StackOverflowException or OperationCanceledException or InsufficientExecutionStackException);

    private static ExpressionException Wrap(JinjaRuntimeException ex, string expr, string text, int position)
    {
        return new ExpressionException(ex.Kind, $"Unable to evaluate expression '{expr}'. {ex.PythonType}: {ex.Message}", text, position, ex);
    }

    /// <summary>Orquesta's strip_delimiter: <c>expr.strip("{{}}").strip()</c> (strips brace characters, then whitespace).</summary>
    public static string StripDelimiter(string expr) => expr.Trim('{', '}').Trim();

    private sealed record Parsed<T>(T Node, List<(string Name, bool IsTest, int Position)> Callables);

    // Jinja compiles before it runs: an unknown filter or test fails even in a branch never taken.
    private void CheckCallables(List<(string Name, bool IsTest, int Position)> callables, string source)
    {
        foreach (var (name, isTest, position) in callables)
        {
            var known = isTest
                ? JinjaTests.Exists(name)
                : JinjaFilters.Exists(name) || Registry.Contains(name) || name == "decrypt_kv";
            if (!known)
            {
                throw new ExpressionException(
                    ExpressionErrorKind.UnknownFunction,
                    $"TemplateAssertionError: No {(isTest ? "test" : "filter")} named '{name}'.",
                    source,
                    position);
            }
        }
    }

    private JinjaExpression GetExpression(string stripped, string text, int offset, bool check = true)
    {
        if (_expressions.TryGetValue(stripped, out var cached))
        {
            if (cached is Parsed<JinjaExpression> hit)
            {
                if (check)
                {
                    CheckCallablesAt(hit.Callables, stripped, text, offset);
                }

                return hit.Node;
            }

            throw Rebase((ExpressionException)cached, text, offset);
        }

        object entry;
        try
        {
            entry = new Parsed<JinjaExpression>(JinjaParser.ParseExpression(stripped, 0, Limits.MaxDepth, out var callables), callables);
        }
        catch (JinjaRuntimeException ex)
        {
            entry = new ExpressionException(ex.Kind, $"{ex.PythonType}: {ex.Message}", stripped, ex.Position, ex);
        }

        if (_expressions.Count < MaxCacheEntries)
        {
            _expressions.TryAdd(stripped, entry);
        }

        if (entry is Parsed<JinjaExpression> parsed)
        {
            if (check)
            {
                CheckCallablesAt(parsed.Callables, stripped, text, offset);
            }

            return parsed.Node;
        }

        throw Rebase((ExpressionException)entry, text, offset);
    }

    private void CheckCallablesAt(List<(string Name, bool IsTest, int Position)> callables, string stripped, string text, int offset)
    {
        try
        {
            CheckCallables(callables, stripped);
        }
        catch (ExpressionException ex)
        {
            throw Rebase(ex, text, offset);
        }
    }

    private static ExpressionException Rebase(ExpressionException error, string text, int offset)
    {
        // The cached error is relative to the stripped expression; report it in the caller's text.
        var exprStart = text.IndexOf(error.Expression, offset, StringComparison.Ordinal);
        var position = exprStart >= 0 ? exprStart + error.Position : offset;
        return new ExpressionException(error.Kind, error.Message, text, position, error.InnerException);
    }

    private JinjaBlockStatement GetTemplate(string template, string originalText, bool check = true)
    {
        if (_templates.TryGetValue(template, out var cached))
        {
            if (cached is Parsed<JinjaBlockStatement> hit)
            {
                if (check)
                {
                    CheckTemplateCallables(hit.Callables, template, originalText);
                }

                return hit.Node;
            }

            throw Relabel((ExpressionException)cached, originalText);
        }

        object entry;
        try
        {
            entry = new Parsed<JinjaBlockStatement>(JinjaParser.ParseTemplate(template, Limits.MaxDepth, out var callables), callables);
        }
        catch (JinjaRuntimeException ex)
        {
            entry = new ExpressionException(ex.Kind, $"{ex.PythonType}: {ex.Message}", template, Math.Max(0, ex.Position), ex);
        }

        if (_templates.Count < MaxCacheEntries)
        {
            _templates.TryAdd(template, entry);
        }

        if (entry is Parsed<JinjaBlockStatement> parsed)
        {
            if (check)
            {
                CheckTemplateCallables(parsed.Callables, template, originalText);
            }

            return parsed.Node;
        }

        throw Relabel((ExpressionException)entry, originalText);
    }

    private void CheckTemplateCallables(List<(string Name, bool IsTest, int Position)> callables, string template, string originalText)
    {
        try
        {
            CheckCallables(callables, template);
        }
        catch (ExpressionException ex)
        {
            throw Relabel(ex, originalText);
        }
    }

    private static ExpressionException Relabel(ExpressionException error, string originalText) =>
        error.Expression == originalText ? error : new ExpressionException(error.Kind, error.Message, originalText, 0, error.InnerException);

    /// <summary>Parse errors (the whole text as a template, then each <c>{{ }}</c> as an expression,
    /// as Orquesta's validate does) and the ctx variables read.</summary>
    public ExpressionAnalysis Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<ExpressionException>();
        try
        {
            GetTemplate(text, text, check: false);
        }
        catch (ExpressionException ex)
        {
            errors.Add(ex);
        }

        var templateError = errors.Count > 0 ? errors[0].Position : -1;
        foreach (Match match in InlineRegex().Matches(text))
        {
            try
            {
                GetExpression(StripDelimiter(match.Value), text, match.Index, check: false);
            }
            catch (ExpressionException ex) when (templateError < match.Index || templateError >= match.Index + match.Length)
            {
                errors.Add(ex);
            }
            catch (ExpressionException)
            {
                // The whole-template parse already reported this expression.
            }
        }

        // Orquesta's extract_vars looks only inside {{ }} (not {% %}), so does this.
        var variables = new List<string>();
        foreach (Match match in InlineRegex().Matches(text).SelectMany(inline => CtxRegex().Matches(inline.Value)))
        {
            var name = match.Groups[1].Success ? match.Groups[1].Value
                : match.Groups[2].Success ? match.Groups[2].Value
                : match.Groups[3].Success ? match.Groups[3].Value
                : match.Groups[4].Success ? match.Groups[4].Value
                : null;
            if (!string.IsNullOrEmpty(name) && !variables.Contains(name))
            {
                variables.Add(name);
            }
        }

        return new ExpressionAnalysis(errors, variables);
    }
}
