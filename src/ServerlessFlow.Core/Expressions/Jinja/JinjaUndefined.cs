namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Jinja's StrictUndefined: what a missing variable, attribute or key evaluates to. Only
/// <c>is defined</c>, <c>is undefined</c> and the <c>default</c> filter may touch it; anything
/// else raises <c>UndefinedError</c> with <see cref="Message"/>. A lenient one (the missing else
/// of <c>a if c</c>) prints as an empty string, as in Jinja.</summary>
internal sealed class JinjaUndefined
{
    public JinjaUndefined(string message, int position, bool lenient = false)
    {
        Message = message;
        Position = position;
        Lenient = lenient;
    }

    /// <summary>Jinja's hint, e.g. <c>'x' is undefined</c> or <c>'dict object' has no attribute 'y'</c>.</summary>
    public string Message { get; }

    /// <summary>Where the undefined value was produced.</summary>
    public int Position { get; }

    /// <summary>True for Jinja's plain Undefined (renders empty) rather than StrictUndefined.</summary>
    public bool Lenient { get; }
}
