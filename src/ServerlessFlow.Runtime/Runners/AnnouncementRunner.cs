using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>The <c>announcement</c> runner (<c>core.announcement</c>), as st2's <c>AnnouncementRunner</c>: refuses to run without
/// the <c>experimental</c> flag, publishes the action parameters on <c>route</c> with the execution's trace context, and
/// succeeds with <c>{"output": parameters, …parameters}</c>.</summary>
public sealed class AnnouncementRunner : IActionRunner
{
    private readonly IAnnouncementPublisher publisher;

    /// <summary>Creates the runner over <paramref name="publisher"/>.</summary>
    public AnnouncementRunner(IAnnouncementPublisher publisher) => this.publisher = publisher;

    /// <inheritdoc/>
    public string Name => "announcement";

    /// <inheritdoc/>
    public async Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string route;
        try
        {
            if (!RunnerParameters.Bool(request.RunnerParameters, "experimental", false))
            {
                return RunnerOutcome.Failure($"Experimental flag is missing for action {request.ActionRef}");
            }

            route = RunnerParameters.String(request.RunnerParameters, "route") is { Length: > 0 } r ? r : "general";
        }
        catch (ArgumentException ex)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: {ex.Message}");
        }

        var payload = (Dictionary<string, object?>)PlainValues.DeepClone(request.ActionParameters)!;
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["payload"] = payload,
            ["trace_context"] = request.TraceTag is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["trace_tag"] = request.TraceTag },
        };
        await publisher.PublishAsync(route, body, cancellationToken).ConfigureAwait(false);

        var result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["output"] = PlainValues.DeepClone(payload) };
        foreach (var (key, value) in payload)
        {
            result[key] = PlainValues.DeepClone(value);
        }

        return new RunnerOutcome(ExecutionStatus.Succeeded, result);
    }
}
