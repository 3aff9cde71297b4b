namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>The kinds of yaql tokens (yaql/language/lexer.py).</summary>
internal enum YaqlTokenKind
{
    End,
    Number,
    String,
    Dollar,
    Function,
    Keyword,
    True,
    False,
    Null,
    Operator,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Comma,
    Mapping,

    /// <summary>An illegal character: ply reports it only when the parser asks for that token.</summary>
    Error,
}
