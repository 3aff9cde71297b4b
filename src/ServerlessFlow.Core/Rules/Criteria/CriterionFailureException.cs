namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>A criterion could not be evaluated (where StackStorm's Python raises): the rule does
/// not match and its enforcement is recorded as failed with this message as the reason.</summary>
public sealed class CriterionFailureException : Exception
{
    public CriterionFailureException()
    {
    }

    public CriterionFailureException(string message)
        : base(message)
    {
    }

    public CriterionFailureException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
