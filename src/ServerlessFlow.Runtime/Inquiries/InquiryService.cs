using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Schemas;

namespace ServerlessFlow.Runtime.Inquiries;

/// <summary>Use case: answer an inquiry. The response is validated against the inquiry's schema, the responder against its
/// users list; the inquiry is marked answered and the pending <c>core.ask</c> execution succeeds with the response in its result.</summary>
public sealed class InquiryService
{
    private readonly IInquiryStore inquiries;
    private readonly IExecutionStore executions;
    private readonly ActionExecutionService actions;

    /// <summary>Creates the service.</summary>
    public InquiryService(IInquiryStore inquiries, IExecutionStore executions, ActionExecutionService actions)
    {
        this.inquiries = inquiries;
        this.executions = executions;
        this.actions = actions;
    }

    /// <summary>The status of an inquiry, and of its <c>core.ask</c> execution, whose ttl passed unanswered (st2's).</summary>
    public const string TimedOut = "timeout";

    /// <summary>
    /// st2's <c>purge_inquiries</c> for one inquiry: a pending inquiry becomes <c>timeout</c> and its <c>core.ask</c> execution
    /// ends <c>timeout</c> with its result as it was (dispatching the action trigger). An inquiry answered or expired meanwhile
    /// is left as it is (the store's version check decides a race with an answer). Returns the execution as stored, or null
    /// when neither record exists.
    /// </summary>
    public async Task<ExecutionState?> ExpireAsync(string id, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var inquiry = await inquiries.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (inquiry is null || !string.Equals(inquiry.Status, "pending", StringComparison.Ordinal))
            {
                break;
            }

            try
            {
                await inquiries.UpdateAsync(inquiry with { Status = TimedOut }, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Records.ConcurrencyConflictException) when (attempt < 5)
            {
                // Answered (or expired) meanwhile: read again.
            }
        }

        var execution = await executions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var current = await inquiries.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (execution is null || execution.Status.IsCompleted() || current?.Status is not TimedOut)
        {
            return execution;
        }

        return await actions.CompleteAsync(execution, new RunnerOutcome(ExecutionStatus.Timeout, execution.Result), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// st2's inquiry garbage collection: expires (see <see cref="ExpireAsync"/>) every pending inquiry asked outside a workflow
    /// whose <c>ttl</c> (minutes; 0 never) has passed by <paramref name="now"/> — more whole minutes since it was asked than its
    /// ttl, as st2 counts. A workflow's inquiry is expired by its workflow's own timer. Returns how many expired.
    /// </summary>
    public async Task<int> ExpireDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var expired = 0;
        string? token = null;
        do
        {
            var page = await inquiries.ListAsync("pending", 1000, token, cancellationToken).ConfigureAwait(false);
            foreach (var inquiry in page.Items)
            {
                if (inquiry.Ttl > 0 && inquiry.ParentExecutionId is null && (long)((now - inquiry.CreatedAt).TotalSeconds / 60) > inquiry.Ttl
                    && (await ExpireAsync(inquiry.Id, cancellationToken).ConfigureAwait(false))?.Status == ExecutionStatus.Timeout)
                {
                    expired++;
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return expired;
    }

    /// <summary>Answers inquiry <paramref name="id"/>; throws <see cref="ArgumentException"/> with the reason when the response
    /// is invalid, the user may not answer, or the inquiry is not pending.</summary>
    public async Task<ExecutionState> RespondAsync(string id, Dictionary<string, object?> response, string user, CancellationToken cancellationToken = default)
    {
        var inquiry = await inquiries.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"Inquiry '{id}' does not exist.", nameof(id));
        if (string.Equals(inquiry.Status, TimedOut, StringComparison.Ordinal))
        {
            // st2's InquiryTimedOut.
            throw new ArgumentException($"Inquiry '{id}' timed out (its ttl of {inquiry.Ttl} minute(s) passed) and cannot be responded to.", nameof(id));
        }

        if (!string.Equals(inquiry.Status, "pending", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Inquiry '{id}' is {inquiry.Status}, not pending: it cannot be answered again.", nameof(id));
        }

        if (inquiry.Users.Count > 0 && !inquiry.Users.Contains(user, StringComparer.Ordinal))
        {
            throw new ArgumentException($"User '{user}' is not allowed to respond to inquiry '{id}'.", nameof(user));
        }

        var errors = SchemaValidator.Validate(response, inquiry.Schema, "response");
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Response to inquiry '{id}' is invalid: {string.Join("; ", errors)}.", nameof(response));
        }

        // The version check makes a second, concurrent answer fail instead of overwriting the first.
        await inquiries.UpdateAsync(inquiry with { Status = "succeeded", Response = response }, cancellationToken).ConfigureAwait(false);
        var execution = await executions.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"The execution behind inquiry '{id}' does not exist.", nameof(id));
        var result = execution.Result as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        result = new Dictionary<string, object?>(result, StringComparer.Ordinal) { ["response"] = response };
        return await actions.CompleteAsync(execution, new RunnerOutcome(ExecutionStatus.Succeeded, result), cancellationToken).ConfigureAwait(false);
    }
}
