using System.Collections.Concurrent;
using ServerlessFlow.Core.Expressions.Yaql;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions;

/// <summary>
/// The one entry point for StackStorm expressions: finds <c>&lt;% %&gt;</c> (YAQL) and
/// <c>{{ }}</c> / <c>{% %}</c> (Jinja) in a string and evaluates them as Orquesta does. A string
/// that is exactly one expression returns the typed value; text around expressions renders a string.
/// Parsed expressions are cached; the engine is thread-safe and pure (state comes in through the scope).
/// </summary>
public sealed partial class ExpressionEngine
{
    private const int MaxCachedAnalyses = 4096;
    private readonly IExpressionLanguage[] _languages;
    private readonly Jinja.JinjaLanguage? _jinja;
    private readonly ConcurrentDictionary<string, ExpressionAnalysis> _analysisCache = new(StringComparer.Ordinal);

    /// <summary>Creates an engine with the default shared functions and limits.</summary>
    public ExpressionEngine()
        : this(ExpressionFunctionRegistry.CreateDefault(), ExpressionLimits.Default)
    {
    }

    /// <summary>Creates an engine over <paramref name="functions"/> with <paramref name="limits"/>.</summary>
    public ExpressionEngine(ExpressionFunctionRegistry functions, ExpressionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(limits);
        Functions = functions;
        Limits = limits;
        var languages = new List<IExpressionLanguage> { new YaqlLanguage(functions, limits) };
        _jinja = CreateJinja(functions, limits) as Jinja.JinjaLanguage;
        if (_jinja is not null)
        {
            languages.Add(_jinja);
        }

        _languages = [.. languages];
    }

    /// <summary>The functions every language can call.</summary>
    public ExpressionFunctionRegistry Functions { get; }

    /// <summary>The limits applied to every evaluation.</summary>
    public ExpressionLimits Limits { get; }

    /// <summary>True when Jinja templates can be evaluated (the Jinja language is part of this build).</summary>
    public bool SupportsJinja => _jinja is not null;

    /// <summary>True when <paramref name="text"/> holds an expression of any language.</summary>
    public bool ContainsExpression(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var language in _languages)
        {
            if (language.ContainsExpression(text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="text"/> is exactly one expression (so its value keeps its type), nothing around it.</summary>
    public bool IsWholeExpression(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var language in _languages)
        {
            if (language.ContainsExpression(text))
            {
                var pattern = language is YaqlLanguage ? WholeYaql() : WholeJinja();
                return pattern.IsMatch(text);
            }
        }

        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\A<%(?:(?!%>).)*%>\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex WholeYaql();

    [System.Text.RegularExpressions.GeneratedRegex(@"\A{{(?:(?!}}).)*}}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex WholeJinja();

    /// <summary>Evaluates a string as Orquesta does: the first language (YAQL, then Jinja) with an
    /// expression in the text evaluates all of it. Text without expressions comes back unchanged.
    /// Throws <see cref="ExpressionException"/>.</summary>
    public object? Evaluate(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var language in _languages)
        {
            if (language.ContainsExpression(text))
            {
                return CheckDepth(language.Evaluate(text, scope), text);
            }
        }

        if (_jinja is null && LooksLikeJinja(text))
        {
            throw JinjaMissing(text);
        }

        return text;
    }

    /// <summary>Evaluates only Jinja (<c>{{ }}</c>, <c>{% %}</c>) with Orquesta's rules (one whole
    /// <c>{{ }}</c> keeps its type); <c>&lt;% %&gt;</c> stays literal text.</summary>
    public object? EvaluateJinja(string text, ExpressionScope scope) =>
        JinjaToRun(text, scope) is { } jinja ? CheckDepth(jinja.Evaluate(text, scope), text) : text;

    // A result nested deeper than the depth limit is refused: every record that keeps a result stays readable, and no walk over
    // it can run out of stack.
    private object? CheckDepth(object? value, string text) =>
        PlainValues.Depth(value, Limits.MaxDepth) > Limits.MaxDepth
            ? throw new ExpressionException(ExpressionErrorKind.Limit, $"The result of the expression is nested deeper than {Limits.MaxDepth} levels.", text, 0)
            : value;

    /// <summary>Renders <paramref name="text"/> as one Jinja template to a string, as st2 renders rule
    /// criteria patterns and action parameters (st2 casts the string to the parameter's type afterwards);
    /// text without Jinja comes back unchanged and <c>&lt;% %&gt;</c> stays literal.</summary>
    public string RenderJinja(string text, ExpressionScope scope) =>
        JinjaToRun(text, scope) is { } jinja ? jinja.Render(text, scope) : text;

    // The Jinja engine when text holds Jinja to run; null when the text comes back unchanged. Text that looks like
    // Jinja on an engine built without it is an error rather than silently literal.
    private Jinja.JinjaLanguage? JinjaToRun(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        if (_jinja is null)
        {
            return LooksLikeJinja(text) ? throw JinjaMissing(text) : null;
        }

        return _jinja.ContainsExpression(text) ? _jinja : null;
    }

    /// <summary>Renders a shell command template so that no value becomes shell syntax: each expression is evaluated alone and
    /// the command refers to its value through an environment variable named <paramref name="variablePrefix"/> + a number
    /// (see <see cref="Shell.ShellCommand"/>). With <paramref name="jinjaOnly"/> only <c>{{ }}</c> counts (st2 action
    /// parameters); otherwise the text's language decides, as in <see cref="Evaluate"/> (Orquesta task input).</summary>
    public Shell.ShellCommand RenderShellCommand(string template, ExpressionScope scope, string variablePrefix, bool jinjaOnly = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrEmpty(variablePrefix);
        var yaql = !jinjaOnly && _languages[0].ContainsExpression(template);
        return Shell.ShellCommandRenderer.Render(template, yaql, variablePrefix, expression => yaql ? _languages[0].Evaluate(expression, scope) : EvaluateJinja(expression, scope));
    }

    /// <summary>Evaluates every string inside a plain value (lists and dicts deeply, dict keys too),
    /// as Orquesta renders task inputs and publish blocks.</summary>
    public object? RenderValue(object? value, ExpressionScope scope) => Render(value, scope, jinjaOnly: false, 0);

    /// <summary>Like <see cref="RenderValue"/> but every string is rendered with <see cref="RenderJinja"/>
    /// (st2 rule and action parameters: strings stay strings, other values are kept as they are).</summary>
    public object? RenderJinjaValue(object? value, ExpressionScope scope) => Render(value, scope, jinjaOnly: true, 0);

    private object? Render(object? value, ExpressionScope scope, bool jinjaOnly, int depth)
    {
        if (depth > Limits.MaxDepth)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, $"Value nested deeper than {Limits.MaxDepth} levels.", string.Empty, 0);
        }

        switch (value)
        {
            case string s:
                return jinjaOnly ? RenderJinja(s, scope) : Evaluate(s, scope);
            case List<object?> list:
                var items = new List<object?>(list.Count);
                foreach (var item in list)
                {
                    items.Add(Render(item, scope, jinjaOnly, depth + 1));
                }

                return items;
            case Dictionary<string, object?> dict:
                var result = new Dictionary<string, object?>(dict.Count, StringComparer.Ordinal);
                foreach (var (key, item) in dict)
                {
                    var renderedKey = Render(key, scope, jinjaOnly, depth + 1);
                    var keyText = renderedKey as string ?? Yaql.PythonSemantics.Str(renderedKey);
                    result[keyText] = Render(item, scope, jinjaOnly, depth + 1);
                }

                return result;
            default:
                return value;
        }
    }

    /// <summary>Static analysis: parse errors with positions and the ctx variables read. Orquesta
    /// rejects a string that mixes YAQL and Jinja.</summary>
    public ExpressionAnalysis Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_analysisCache.TryGetValue(text, out var cached))
        {
            return cached;
        }

        if (_analysisCache.Count >= MaxCachedAnalyses)
        {
            _analysisCache.Clear();
        }

        return _analysisCache.GetOrAdd(text, AnalyzeUncached);
    }

    private ExpressionAnalysis AnalyzeUncached(string text)
    {
        var found = _languages.Where(l => l.ContainsExpression(text)).ToList();
        if (found.Count > 1)
        {
            var errors = new List<ExpressionException>
            {
                new(ExpressionErrorKind.Syntax, "Expression with multiple types is not supported.", text, 0),
            };
            var variables = found.SelectMany(l => l.Analyze(text).CtxVariables).Distinct(StringComparer.Ordinal).ToList();
            return new ExpressionAnalysis(errors, variables);
        }

        if (found.Count == 1)
        {
            return found[0].Analyze(text);
        }

        return new ExpressionAnalysis([], []);
    }

    private static bool LooksLikeJinja(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    private static ExpressionException JinjaMissing(string text) =>
        new(ExpressionErrorKind.UnknownFunction, "Jinja expressions are not available in this build.", text, 0);

    private static IExpressionLanguage? CreateJinja(ExpressionFunctionRegistry functions, ExpressionLimits limits) =>
        new Jinja.JinjaLanguage(functions, limits);
}
