using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Executions;

/// <summary>What st2 records in <c>context.policies.retry</c> of an execution an <c>action.retry</c> policy made.</summary>
/// <param name="AppliedPolicy">The policy's ref.</param>
/// <param name="RetryCount">1 for the first retry, 2 for the second…</param>
/// <param name="RetriedExecutionId">The execution that failed or timed out and was retried.</param>
public sealed record RetryContextState(string AppliedPolicy, int RetryCount, string RetriedExecutionId)
{
    /// <summary>Reads <c>policies.retry</c> from a stored context; null when there is none.</summary>
    public static RetryContextState? FromPlain(Dictionary<string, object?> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetValueOrDefault("policies") is not Dictionary<string, object?> policies
            || policies.GetValueOrDefault("retry") is not Dictionary<string, object?> retry)
        {
            return null;
        }

        int count = retry.GetValueOrDefault("retry_count") switch
        {
            long n => checked((int)n),
            int n => n,
            double d => (int)d,
            _ => throw new FormatException("Record field 'context.policies.retry.retry_count' is not a number."),
        };
        return new RetryContextState(PlainRecord.RequireString(retry, "applied_policy"), count, PlainRecord.RequireString(retry, "retried_liveaction_id"));
    }
}
