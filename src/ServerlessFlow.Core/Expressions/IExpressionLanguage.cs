namespace ServerlessFlow.Core.Expressions;

/// <summary>One expression language (YAQL or Jinja) as the <c>ExpressionEngine</c> drives it.</summary>
internal interface IExpressionLanguage
{
    /// <summary>"yaql" or "jinja".</summary>
    string Name { get; }

    /// <summary>True when <paramref name="text"/> holds at least one of this language's delimiters.</summary>
    bool ContainsExpression(string text);

    /// <summary>Evaluates <paramref name="text"/>: one whole expression keeps its type, text around
    /// expressions renders to a string. Throws <see cref="ExpressionException"/>.</summary>
    object? Evaluate(string text, ExpressionScope scope);

    /// <summary>Parse errors and ctx variables read, without evaluating.</summary>
    ExpressionAnalysis Analyze(string text);
}
