namespace ServerlessFlow.Core.Expressions;

/// <summary>What went wrong in an expression.</summary>
public enum ExpressionErrorKind
{
    /// <summary>The text does not parse.</summary>
    Syntax,

    /// <summary>Evaluation failed (type error, bad argument, function raised).</summary>
    Evaluation,

    /// <summary>A variable, attribute or ctx key is not defined.</summary>
    Undefined,

    /// <summary>A function or filter does not exist.</summary>
    UnknownFunction,

    /// <summary>A safety limit was hit (depth, iterations, output size, regex timeout).</summary>
    Limit,
}
