using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// <c>/api/v1/executions</c> in StackStorm's shapes: <c>GET</c> lists (filters <c>action</c>, <c>status</c>, <c>rule</c>,
/// <c>trigger_type</c>, <c>trace_tag</c>; <see cref="ApiPaging"/>), <c>POST</c> runs an action (<c>{"action", "parameters"}</c>;
/// workflows start durably and answer running; other actions answer requested when an <see cref="IExecutionScheduler"/> runs
/// them out of band (unless given a secret parameter), else run to the end first); <c>GET {id}</c>, <c>GET {id}/children</c>,
/// <c>POST {id}/re_run</c> (<c>{"parameters"}</c> overrides), <c>DELETE {id}</c> cancels and <c>PUT {id}</c> with
/// <c>{"status": "pausing" | "resuming" | "canceling"}</c> steers a workflow.
/// </summary>
public sealed class ExecutionsApi : IApiResource
{
    private readonly IExecutionStore executions;
    private readonly PackCatalog catalog;
    private readonly ActionExecutionService actions;
    private readonly IWorkflowControl workflows;
    private readonly TimeProvider time;
    private readonly IExecutionScheduler? scheduler;
    private readonly ExecutionView view;

    /// <summary>Creates the resource over the execution store, the loaded packs, the action use case and workflow control;
    /// with a <paramref name="scheduler"/> non-workflow actions run out of band.</summary>
    public ExecutionsApi(IExecutionStore executions, PackCatalog catalog, ActionExecutionService actions, IWorkflowControl workflows, TimeProvider time, IExecutionScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(executions);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(time);
        this.executions = executions;
        this.catalog = catalog;
        this.actions = actions;
        this.workflows = workflows;
        this.time = time;
        this.scheduler = scheduler;
        view = new ExecutionView(catalog, time);
    }

    /// <inheritdoc/>
    public string Name => "executions";

    /// <inheritdoc/>
    public async Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await RouteAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.ConsoleUrl is { } console)
        {
            // web_url depends on how the client reached the server, so it is added to every execution answered, in one place.
            foreach (var record in result.Body is List<object?> list ? list : [result.Body])
            {
                if (record is Dictionary<string, object?> execution && execution.GetValueOrDefault("id") is string id && execution.ContainsKey("liveaction"))
                {
                    execution["web_url"] = WebUrl(console, id);
                }
            }
        }

        return result;
    }

    /// <summary>The execution's page in the web console at <paramref name="consoleUrl"/> (its route <c>#/executions/{id}</c>).</summary>
    public static string WebUrl(string consoleUrl, string executionId)
    {
        ArgumentNullException.ThrowIfNull(consoleUrl);
        return consoleUrl.TrimEnd('/') + "/#/executions/" + Uri.EscapeDataString(executionId);
    }

    private Task<ApiResult> RouteAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var segments = request.Segments;
        return (segments.Count, request.Method) switch
        {
            (0, "GET") => ListAsync(request, cancellationToken),
            (0, "POST") => RunAsync(request, cancellationToken),
            (0, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET", "POST")),
            (1, "GET") => GetAsync(segments[0], cancellationToken),
            (1, "PUT") => SetStatusAsync(segments[0], request, cancellationToken),
            (1, "DELETE") => SignalAsync(segments[0], WorkflowControlSignal.Cancel, cancellationToken),
            (1, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET", "PUT", "DELETE")),
            (2, "GET") when segments[1] == "children" => ChildrenAsync(segments[0], cancellationToken),
            (2, "GET") when segments[1] == "output" => OutputAsync(segments[0], request, cancellationToken),
            (2, _) when segments[1] == "output" => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET")),
            (2, _) when segments[1] == "children" => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET")),
            (2, "POST") when segments[1] == "re_run" => ReRunAsync(segments[0], request, cancellationToken),
            (2, _) when segments[1] == "re_run" => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "POST")),
            _ => Task.FromResult(ApiRoutes.NotFound(Name, request)),
        };
    }

    private async Task<ApiResult> ListAsync(ApiRequest request, CancellationToken ct)
    {
        ExecutionStatus? status = null;
        if (request.QueryValue("status") is { } statusText)
        {
            if (!ExecutionStatuses.TryParse(statusText, out var parsed))
            {
                return ApiResult.Fault(400, $"Unknown execution status '{statusText}'.");
            }

            status = parsed;
        }

        var (paging, bad) = ApiPaging.Read(request);
        if (paging is null)
        {
            return bad!;
        }

        var filter = new ExecutionQuery
        {
            Action = request.QueryValue("action"),
            Status = status,
            Rule = request.QueryValue("rule"),
            TriggerType = request.QueryValue("trigger_type"),
            TraceTag = request.QueryValue("trace_tag"),
            TriggerInstance = request.QueryValue("trigger_instance"),
            Parent = request.QueryValue("parent") is { } parent && parent != "null" ? parent : null,
            TopLevelOnly = request.QueryValue("parent") == "null",
        };
        var page = await paging.FetchAsync(
            (limit, token, c) => executions.ListAsync(filter with { Limit = limit, ContinuationToken = token }, c), ct).ConfigureAwait(false);
        return ApiPaging.Answer(page, Plain);
    }

    private async Task<ApiResult> GetAsync(string id, CancellationToken ct)
    {
        if (await executions.GetAsync(id, ct).ConfigureAwait(false) is not { } execution)
        {
            return NotFound(id);
        }

        // Task executions name their parent, not the other way round: the children come from the parent index.
        var children = await executions.ListChildrenAsync(id, ct).ConfigureAwait(false);
        return ApiResult.Json(view.ToPlain(execution, children.Select(c => c.Id).ToList()));
    }

    /// <summary>st2's <c>/executions/{id}/output</c>: what the action wrote (stdout, then stderr), as text; <c>output_type</c>
    /// picks one of them. Output is kept with the result, so it is there once the action has ended.</summary>
    private async Task<ApiResult> OutputAsync(string id, ApiRequest request, CancellationToken ct)
    {
        if (await executions.GetAsync(id, ct).ConfigureAwait(false) is not { } execution)
        {
            return NotFound(id);
        }

        var type = request.QueryValue("output_type");
        if (type is not (null or "stdout" or "stderr" or "all"))
        {
            return ApiResult.Fault(400, $"Query parameter output_type must be stdout, stderr or all, got '{type}'.");
        }

        var result = view.ToPlain(execution)["result"] as Dictionary<string, object?>;
        string Stream(string name) => result?.GetValueOrDefault(name) is string text && text.Length > 0 ? (text.EndsWith('\n') ? text : text + "\n") : string.Empty;
        var output = type switch
        {
            "stdout" => Stream("stdout"),
            "stderr" => Stream("stderr"),
            _ => Stream("stdout") + Stream("stderr"),
        };
        return ApiResult.Text(output);
    }

    private async Task<ApiResult> ChildrenAsync(string id, CancellationToken ct)
    {
        if (await executions.GetAsync(id, ct).ConfigureAwait(false) is null)
        {
            return NotFound(id);
        }

        var children = await executions.ListChildrenAsync(id, ct).ConfigureAwait(false);
        return ApiResult.Json(children.Select(c => (object?)Plain(c)).ToList());
    }

    private async Task<ApiResult> RunAsync(ApiRequest request, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        if (body.GetValueOrDefault("action") is not string actionRef || actionRef.Length == 0)
        {
            return ApiResult.Fault(400, "Field \"action\" (an action ref such as core.echo) is required.");
        }

        var parameters = body.GetValueOrDefault("parameters");
        if (parameters is not (null or Dictionary<string, object?>))
        {
            return ApiResult.Fault(400, "Field \"parameters\" must be an object.");
        }

        return await StartAsync(actionRef, parameters as Dictionary<string, object?> ?? new(StringComparer.Ordinal), ct).ConfigureAwait(false);
    }

    private async Task<ApiResult> ReRunAsync(string id, ApiRequest request, CancellationToken ct)
    {
        var original = await executions.GetAsync(id, ct).ConfigureAwait(false);
        if (original is null)
        {
            return NotFound(id);
        }

        var (body, error) = await ApiBody.ReadObjectAsync(request, emptyIsObject: true, ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        var overrides = body.GetValueOrDefault("parameters");
        if (overrides is not (null or Dictionary<string, object?>))
        {
            return ApiResult.Fault(400, $"The parameters needs to be a dictionary (was {ApiBody.TypeName(overrides)}).");
        }

        // st2's ExecutionSpecificationAPI checks, with its messages.
        var (tasks, tasksError) = NameList(body, "tasks");
        var (reset, resetError) = NameList(body, "reset");
        if ((tasksError ?? resetError) is { } listError)
        {
            return ApiResult.Fault(400, listError);
        }

        if ((tasks.Count > 0 || reset.Count > 0) && overrides is Dictionary<string, object?> { Count: > 0 })
        {
            return ApiResult.Fault(400, "Parameters override is not supported when re-running task(s) for a workflow.");
        }

        if (reset.Except(tasks, StringComparer.Ordinal).Any())
        {
            return ApiResult.Fault(400, "List of tasks to reset does not match the tasks to rerun.");
        }

        // st2 takes the delay (milliseconds) only when it is an integer; ServerlessFlow has no delayed status yet, so a real
        // delay is refused rather than ignored.
        if (body.GetValueOrDefault("delay") is long delay and > 0)
        {
            return ApiResult.Fault(400, $"A re-run delay ({delay} ms) is not supported by ServerlessFlow yet (executions have no delayed status); re-run without it.");
        }

        if (tasks.Count > 0 && original.Runner != WorkflowRunnerTypes.Orquesta)
        {
            return ApiResult.Fault(400, "Task option is only supported for Orquesta workflows.");
        }

        var parameters = new Dictionary<string, object?>(original.Parameters, StringComparer.Ordinal);
        var given = overrides as Dictionary<string, object?> ?? [];
        foreach (var (name, value) in given)
        {
            parameters[name] = value;
        }

        // st2 keeps secrets in its database and re-runs with them; records here keep only the mask, so a re-run must be given
        // each secret again rather than run with the mask as its value.
        if (catalog.FindAction(original.Action) is { } action)
        {
            var masked = original.Parameters
                .Where(p => !given.ContainsKey(p.Key) && HoldsMask(p.Value) && IsSecret(action, p.Key))
                .Select(p => p.Key)
                .ToList();
            if (masked.Count > 0)
            {
                return ApiResult.Fault(
                    400,
                    $"Execution {id} was given secret parameter(s) {string.Join(", ", masked.Select(m => $"'{m}'"))}, which are stored masked: pass them again in \"parameters\" to re-run.");
            }
        }

        // As st2, the re-run carries what it re-runs and the original's trace.
        var context = new ExecutionContextState { ReRun = new ExecutionReRun(id, tasks, reset), TraceTag = original.Context.TraceTag };
        return await StartAsync(original.Action, parameters, ct, context).ConfigureAwait(false);
    }

    /// <summary>An optional list of task names in the body, or st2's error when it is not one.</summary>
    private static (List<string> Names, string? Error) NameList(Dictionary<string, object?> body, string field) =>
        body.GetValueOrDefault(field) switch
        {
            null => ([], null),
            List<object?> list when list.All(n => n is string { Length: > 0 }) => (list.Cast<string>().Distinct(StringComparer.Ordinal).ToList(), null),
            List<object?> => ([], $"The {field} needs to be a list of task names."),
            var other => ([], $"The {field} needs to be a list (was {ApiBody.TypeName(other)})."),
        };

    private async Task<ApiResult> StartAsync(string actionRef, Dictionary<string, object?> parameters, CancellationToken ct, ExecutionContextState? context = null)
    {
        ActionSpec? action = catalog.FindAction(actionRef);
        PackSpec? pack = action is null ? null : catalog.FindPack(action.Pack);
        if (action is null || pack is null)
        {
            return ApiResult.Fault(404, $"Action {actionRef} is not in any loaded pack.");
        }

        // A scheduled command carries the given parameters as they are (into Durable history, in the Functions app), so a
        // run given a secret parameter stays in this request, where the secret is only ever held in memory.
        if (scheduler is not null && !WorkflowRunnerTypes.IsWorkflow(action.RunnerType) && !GivesSecret(action, parameters))
        {
            return await ScheduleAsync(scheduler, action, parameters, context ?? new ExecutionContextState(), ct).ConfigureAwait(false);
        }

        try
        {
            // Workflows start durably and answer running; other actions run to the end here.
            var execution = await actions.RunAsync(
                action, parameters, Path.Combine(pack.Location, "actions"), context ?? new ExecutionContextState(), RecordIds.New(time), cancellationToken: ct).ConfigureAwait(false);
            return ApiResult.Json(Plain(execution), 201);
        }
        catch (ActionParameterException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }
    }

    /// <summary>Whether a run with <paramref name="parameters"/> gives <paramref name="action"/> a secret value (kept out of Durable history).</summary>
    internal static bool GivesSecret(ActionSpec action, Dictionary<string, object?> parameters) =>
        parameters.Keys.Any(name => IsSecret(action, name));

    /// <summary>Whether the parameter is secret, or holds secret properties or items (st2 masks those too).</summary>
    private static bool IsSecret(ActionSpec action, string name) =>
        (action.EffectiveParameters.TryGetValue(name, out var effective) && (effective.Secret || DeclaresSecret(effective.Schema)))
        || (action.Parameters.TryGetValue(name, out var declared) && (declared.Secret || DeclaresSecret(declared.Schema)));

    private static bool DeclaresSecret(IReadOnlyDictionary<string, object?> schema) =>
        schema.GetValueOrDefault("secret") is true
        || (schema.GetValueOrDefault("properties") is Dictionary<string, object?> properties
            && properties.Values.OfType<Dictionary<string, object?>>().Any(DeclaresSecret))
        || (schema.GetValueOrDefault("items") is Dictionary<string, object?> items && DeclaresSecret(items));

    private static bool HoldsMask(object? value) => value switch
    {
        ActionParameterResolver.Mask => true,
        Dictionary<string, object?> dict => dict.Values.Any(HoldsMask),
        List<object?> list => list.Any(HoldsMask),
        _ => false,
    };

    private async Task<ApiResult> ScheduleAsync(IExecutionScheduler runs, ActionSpec action, Dictionary<string, object?> parameters, ExecutionContextState context, CancellationToken ct)
    {
        ExecutionState requested;
        try
        {
            requested = await actions.RequestAsync(action, parameters, context, RecordIds.New(time), ct).ConfigureAwait(false);
        }
        catch (ActionParameterException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }

        try
        {
            await runs.ScheduleAsync(new RunExecutionCommand(requested.Id, action.Ref, JsonText.Serialize(parameters)), ct).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever stopped the scheduling, the requested execution must not stay requested forever: it fails with the reason.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await actions.CompleteAsync(requested, RunnerOutcome.Failure($"The execution could not be scheduled: {ex.Message}"), CancellationToken.None).ConfigureAwait(false);
            return ApiResult.Fault(503, $"Execution {requested.Id} could not be scheduled: {ex.Message}");
        }

        return ApiResult.Json(Plain(requested), 201);
    }

    private async Task<ApiResult> SetStatusAsync(string id, ApiRequest request, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        return body.GetValueOrDefault("status") switch
        {
            "pausing" => await SignalAsync(id, WorkflowControlSignal.Pause, ct).ConfigureAwait(false),
            "resuming" => await SignalAsync(id, WorkflowControlSignal.Resume, ct).ConfigureAwait(false),
            "canceling" => await SignalAsync(id, WorkflowControlSignal.Cancel, ct).ConfigureAwait(false),
            var other => ApiResult.Fault(400, $"Field \"status\" must be \"pausing\", \"resuming\" or \"canceling\", got {JsonText.Serialize(other)}."),
        };
    }

    private async Task<ApiResult> SignalAsync(string id, WorkflowControlSignal signal, CancellationToken ct)
    {
        var execution = await executions.GetAsync(id, ct).ConfigureAwait(false);
        if (execution is null)
        {
            return NotFound(id);
        }

        if (execution.Status.IsCompleted())
        {
            return ApiResult.Fault(409, $"Execution {id} is already {execution.Status.ToApiName()}.");
        }

        var isWorkflow = await IsWorkflowAsync(execution, ct).ConfigureAwait(false);
        if (signal == WorkflowControlSignal.Cancel && !isWorkflow)
        {
            // st2's request_cancellation: an execution that has not started (requested, or delayed by a concurrency policy) is
            // canceled at once, a running one goes canceling while its process is killed, then canceled; st2's result.
            var canceled = await actions.RequestCancellationAsync(execution, execution.Context.User, ct).ConfigureAwait(false);
            return ApiResult.Json(Plain(canceled));
        }

        if (!isWorkflow)
        {
            return ApiResult.Fault(400, $"Execution {id} ({execution.Action}) is not a workflow; only workflows can be paused or resumed.");
        }

        await workflows.SignalAsync(id, signal, ct).ConfigureAwait(false);
        if (signal == WorkflowControlSignal.Cancel)
        {
            // st2's workflow runners cancel the workflow's running actions with it (sub-workflows get it from their parent).
            await actions.CancelChildrenAsync(id, execution.Context.User, IsWorkflowAsync, ct).ConfigureAwait(false);
        }

        var current = await executions.GetAsync(id, ct).ConfigureAwait(false) ?? execution;

        // StackStorm answers 200 with the execution as it now is (st2client reads any other code as a refusal).
        return ApiResult.Json(Plain(current));
    }

    private async Task<bool> IsWorkflowAsync(ExecutionState execution, CancellationToken ct) =>
        WorkflowRunnerTypes.IsWorkflow(execution.Runner) || await workflows.IsWorkflowAsync(execution.Id, ct).ConfigureAwait(false);

    private static ApiResult NotFound(string id) => ApiResult.Fault(404, $"Execution {id} was not found.");

    /// <summary>The record as the API shows it: parameters are stored masked; a core.ask's response is masked here.</summary>
    private Dictionary<string, object?> Plain(ExecutionState execution) => view.ToPlain(execution);
}
