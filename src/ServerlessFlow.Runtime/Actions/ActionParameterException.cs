namespace ServerlessFlow.Runtime.Actions;

/// <summary>The parameters given for an action are not acceptable (unknown, immutable, wrong type, missing); the message names them.</summary>
public sealed class ActionParameterException : ArgumentException
{
    public ActionParameterException(string message)
        : base(message)
    {
    }

    public ActionParameterException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ActionParameterException()
    {
    }
}
