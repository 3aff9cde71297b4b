namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>One Jinja token: its kind, its text (decoded for strings), its value for numbers and
/// its 0-based offset in the template.</summary>
internal readonly record struct JinjaToken(JinjaTokenKind Kind, string Text, int Position, object? Value = null)
{
    public bool Is(JinjaTokenKind kind, string text) => Kind == kind && string.Equals(Text, text, StringComparison.Ordinal);

    public bool IsOperator(string text) => Is(JinjaTokenKind.Operator, text);

    public bool IsName(string text) => Is(JinjaTokenKind.Name, text);

    /// <summary>How Jinja describes the token in syntax errors.</summary>
    public string Describe() => Kind switch
    {
        JinjaTokenKind.Eof => "end of template",
        JinjaTokenKind.VariableEnd => "end of print statement",
        JinjaTokenKind.BlockEnd => "end of statement block",
        JinjaTokenKind.String => "string",
        JinjaTokenKind.Integer => "integer",
        JinjaTokenKind.Float => "float",
        _ => Text,
    };
}
