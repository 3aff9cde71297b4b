using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>The <c>inquirer</c> runner (<c>core.ask</c>): records an inquiry, dispatches <c>core.st2.generic.inquiry</c>, and leaves
/// the execution <c>pending</c> with st2's result shape (schema, roles, users, route, ttl) until <see cref="InquiryService"/> gets an answer.</summary>
public sealed class InquirerRunner : IActionRunner
{
    /// <summary>The trigger type dispatched when an inquiry is asked.</summary>
    public const string InquiryTrigger = "core.st2.generic.inquiry";

    private readonly IInquiryStore inquiries;
    private readonly TriggerDispatcher? triggers;
    private readonly TimeProvider time;

    /// <summary>Creates the runner.</summary>
    public InquirerRunner(IInquiryStore inquiries, TimeProvider time, TriggerDispatcher? triggers = null)
    {
        this.inquiries = inquiries;
        this.time = time;
        this.triggers = triggers;
    }

    /// <inheritdoc/>
    public string Name => "inquirer";

    /// <summary>st2's default inquiry schema: one required boolean "continue".</summary>
    public static Dictionary<string, object?> DefaultSchema() => new(StringComparer.Ordinal)
    {
        ["title"] = "response_data",
        ["type"] = "object",
        ["properties"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["continue"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["type"] = "boolean",
                ["description"] = "Would you like to continue the workflow?",
                ["required"] = true,
            },
        },
    };

    /// <inheritdoc/>
    public async Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        var parameters = request.RunnerParameters;
        Dictionary<string, object?> schema;
        List<object?> roles;
        List<object?> users;
        string route;
        long ttl;
        try
        {
            schema = parameters.GetValueOrDefault("schema") switch
            {
                null => DefaultSchema(),
                Dictionary<string, object?> s => s,
                var other => throw new ArgumentException($"Runner parameter 'schema' must be an object, not {PlainValues.JsonTypeName(other)}."),
            };
            roles = parameters.GetValueOrDefault("roles") as List<object?> ?? [];
            users = parameters.GetValueOrDefault("users") as List<object?> ?? [];
            route = RunnerParameters.String(parameters, "route") ?? string.Empty;
            ttl = parameters.GetValueOrDefault("ttl") is long t ? t : 1440;
        }
        catch (ArgumentException ex)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: {ex.Message}");
        }

        await inquiries.CreateAsync(new InquiryState
        {
            Id = request.ExecutionId,
            Schema = schema,
            Roles = roles.OfType<string>().ToList(),
            Users = users.OfType<string>().ToList(),
            Route = route,
            Ttl = ttl,
            CreatedAt = time.GetUtcNow(),
            ParentExecutionId = request.ParentExecutionId,
        }, cancellationToken).ConfigureAwait(false);

        if (triggers is not null)
        {
            await triggers.DispatchAsync(
                InquiryTrigger,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = request.ExecutionId, ["route"] = route },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return new RunnerOutcome(ExecutionStatus.Pending, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["schema"] = schema,
            ["roles"] = roles,
            ["users"] = users,
            ["route"] = route,
            ["ttl"] = ttl,
        });
    }
}
