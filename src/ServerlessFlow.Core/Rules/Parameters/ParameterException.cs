namespace ServerlessFlow.Core.Rules.Parameters;

/// <summary>Action parameters could not be rendered or validated (cycle, missing required, unknown,
/// immutable override, render or cast failure); the message names the parameter.</summary>
public sealed class ParameterException : Exception
{
    public ParameterException()
    {
    }

    public ParameterException(string message)
        : base(message)
    {
    }

    public ParameterException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
