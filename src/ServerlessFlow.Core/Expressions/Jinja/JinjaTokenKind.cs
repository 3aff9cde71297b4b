namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Kinds of Jinja tokens.</summary>
internal enum JinjaTokenKind
{
    Data,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    Eof,
}
