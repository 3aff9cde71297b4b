namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>A rule's criteria are malformed (not a mapping, unknown operator, bad key…); the message names the key.</summary>
public sealed class CriteriaException : Exception
{
    public CriteriaException()
    {
    }

    public CriteriaException(string message)
        : base(message)
    {
    }

    public CriteriaException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
