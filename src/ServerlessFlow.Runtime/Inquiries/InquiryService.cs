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

    /// <summary>Answers inquiry <paramref name="id"/>; throws <see cref="ArgumentException"/> with the reason when the response
    /// is invalid, the user may not answer, or the inquiry is not pending.</summary>
    public async Task<ExecutionState> RespondAsync(string id, Dictionary<string, object?> response, string user, CancellationToken cancellationToken = default)
    {
        var inquiry = await inquiries.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"Inquiry '{id}' does not exist.", nameof(id));
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
