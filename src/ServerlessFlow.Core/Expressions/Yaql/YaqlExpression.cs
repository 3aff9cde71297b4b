namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>A parsed yaql expression (the text between <c>&lt;%</c> and <c>%&gt;</c>), ready to evaluate
/// any number of times; immutable and safe to share between threads.</summary>
internal sealed class YaqlExpression
{
    private readonly YaqlNode _root;

    private YaqlExpression(string text, YaqlNode root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    internal YaqlNode Root => _root;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="YaqlSyntaxError"/>.</summary>
    public static YaqlExpression Parse(string text, int maxDepth) => new(text, YaqlParser.Parse(text, maxDepth));

    /// <summary>Evaluates against <c>$</c> = <paramref name="data"/>; returns a plain value.
    /// Throws <see cref="YaqlError"/>.</summary>
    public object? Evaluate(YaqlEvaluation ev, object? data)
    {
        var frame = new YaqlFrame(null);
        frame.Set("$1", data);
        var result = _root.Evaluate(ev, frame);
        return YaqlEvaluation.ToPlain(result, _root.Position);
    }
}
