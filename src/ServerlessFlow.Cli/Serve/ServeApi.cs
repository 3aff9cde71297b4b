using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Serve;

/// <summary>The read/run API of <c>sflow serve</c> in StackStorm's shapes: executions (list with filters and paging, get,
/// children, run, cancel, pause/resume), trigger instances and rule enforcements. Pages: <c>limit</c> (1–1000) and the
/// <c>X-Continuation-Token</c> response header passed back as <c>?continuation_token=</c>.</summary>
internal static class ServeApi
{
    private const string ContinuationHeader = "X-Continuation-Token";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app, ServeStores stores, LocalWorkflowHost workflows, TriggerDispatcher dispatcher, TimeProvider time)
    {
        app.MapGet("/api/v1/executions", async (HttpContext http, CancellationToken ct) =>
        {
            var q = http.Request.Query;
            ExecutionStatus? status = null;
            if (q["status"].ToString() is { Length: > 0 } statusText)
            {
                if (!ExecutionStatuses.TryParse(statusText, out var parsed))
                {
                    return ServeResults.Fault(400, $"Unknown execution status '{statusText}'.");
                }

                status = parsed;
            }

            if (!TryLimit(http, out var limit, out var bad))
            {
                return bad!;
            }

            var query = new ExecutionQuery
            {
                Action = Text(q["action"]),
                Status = status,
                Rule = Text(q["rule"]),
                TriggerType = Text(q["trigger_type"]),
                TraceTag = Text(q["trace_tag"]),
                Limit = limit,
                ContinuationToken = Text(q["continuation_token"]),
            };
            var page = await stores.Executions.ListAsync(query, ct).ConfigureAwait(false);
            return Page(http, page.Items.Select(e => (object?)e.ToPlain()).ToList(), page.ContinuationToken);
        });

        app.MapGet("/api/v1/executions/{id}", async (string id, CancellationToken ct) =>
            await stores.Executions.GetAsync(id, ct).ConfigureAwait(false) is { } execution
                ? ServeResults.Json(execution.ToPlain())
                : ServeResults.Fault(404, $"Execution {id} was not found."));

        app.MapGet("/api/v1/executions/{id}/children", async (string id, CancellationToken ct) =>
        {
            if (await stores.Executions.GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                return ServeResults.Fault(404, $"Execution {id} was not found.");
            }

            var children = await stores.Executions.ListChildrenAsync(id, ct).ConfigureAwait(false);
            return ServeResults.Json(children.Select(c => (object?)c.ToPlain()).ToList());
        });

        app.MapPost("/api/v1/executions", async (HttpRequest request, CancellationToken ct) =>
        {
            var body = await ReadObjectAsync(request, ct).ConfigureAwait(false);
            if (body.Error is not null)
            {
                return body.Error;
            }

            if (body.Value!.GetValueOrDefault("action") is not string actionRef || actionRef.Length == 0)
            {
                return ServeResults.Fault(400, "Field \"action\" (an action ref such as core.echo) is required.");
            }

            var parameters = body.Value!.GetValueOrDefault("parameters");
            if (parameters is not (null or Dictionary<string, object?>))
            {
                return ServeResults.Fault(400, "Field \"parameters\" must be an object.");
            }

            return await RunAsync(workflows, actionRef, parameters as Dictionary<string, object?> ?? new(StringComparer.Ordinal), new ExecutionContextState(), time, ct).ConfigureAwait(false);
        });

        app.MapPost("/api/v1/executions/{id}/re_run", async (string id, HttpRequest request, CancellationToken ct) =>
        {
            var original = await stores.Executions.GetAsync(id, ct).ConfigureAwait(false);
            if (original is null)
            {
                return ServeResults.Fault(404, $"Execution {id} was not found.");
            }

            var body = request.ContentLength is null or 0 ? new Parsed(new(StringComparer.Ordinal), null) : await ReadObjectAsync(request, ct).ConfigureAwait(false);
            if (body.Error is not null)
            {
                return body.Error;
            }

            var parameters = new Dictionary<string, object?>(original.Parameters, StringComparer.Ordinal);
            if (body.Value!.GetValueOrDefault("parameters") is Dictionary<string, object?> overrides)
            {
                foreach (var (name, value) in overrides)
                {
                    parameters[name] = value;
                }
            }

            return await RunAsync(workflows, original.Action, parameters, new ExecutionContextState(), time, ct).ConfigureAwait(false);
        });

        app.MapDelete("/api/v1/executions/{id}", (string id, CancellationToken ct) => SignalAsync(stores, workflows, id, WorkflowControlSignal.Cancel, ct));

        app.MapPut("/api/v1/executions/{id}", async (string id, HttpRequest request, CancellationToken ct) =>
        {
            var body = await ReadObjectAsync(request, ct).ConfigureAwait(false);
            if (body.Error is not null)
            {
                return body.Error;
            }

            return body.Value!.GetValueOrDefault("status") switch
            {
                "pausing" => await SignalAsync(stores, workflows, id, WorkflowControlSignal.Pause, ct).ConfigureAwait(false),
                "resuming" => await SignalAsync(stores, workflows, id, WorkflowControlSignal.Resume, ct).ConfigureAwait(false),
                "canceling" => await SignalAsync(stores, workflows, id, WorkflowControlSignal.Cancel, ct).ConfigureAwait(false),
                var other => ServeResults.Fault(400, $"Field \"status\" must be \"pausing\", \"resuming\" or \"canceling\", got {JsonText.Serialize(other)}."),
            };
        });

        app.MapGet("/api/v1/triggerinstances", async (HttpContext http, CancellationToken ct) =>
        {
            if (!TryLimit(http, out var limit, out var bad))
            {
                return bad!;
            }

            var q = http.Request.Query;
            var page = await stores.TriggerInstances.ListAsync(
                new TriggerInstanceQuery { Trigger = Text(q["trigger"]), Limit = limit, ContinuationToken = Text(q["continuation_token"]) }, ct).ConfigureAwait(false);
            return Page(http, page.Items.Select(i => (object?)i.ToPlain()).ToList(), page.ContinuationToken);
        });

        app.MapGet("/api/v1/triggerinstances/{id}", async (string id, CancellationToken ct) =>
            await stores.TriggerInstances.GetAsync(id, ct).ConfigureAwait(false) is { } instance
                ? ServeResults.Json(instance.ToPlain())
                : ServeResults.Fault(404, $"Trigger instance {id} was not found."));

        app.MapPost("/api/v1/triggerinstances/{id}/re_emit", async (string id, CancellationToken ct) =>
        {
            var original = await stores.TriggerInstances.GetAsync(id, ct).ConfigureAwait(false);
            if (original is null)
            {
                return ServeResults.Fault(404, $"Trigger instance {id} was not found.");
            }

            try
            {
                // A new instance (new id), as StackStorm's re_emit does: the rules evaluate it afresh.
                var emitted = await dispatcher.DispatchAsync(
                    original.Trigger,
                    new Dictionary<string, object?>(original.Payload, StringComparer.Ordinal),
                    original.TraceTag,
                    triggerParameters: new Dictionary<string, object?>(original.TriggerParameters, StringComparer.Ordinal),
                    cancellationToken: ct).ConfigureAwait(false);
                return ServeResults.Json(emitted.ToPlain(), StatusCodes.Status201Created);
            }
            catch (InvalidTriggerPayloadException ex)
            {
                return ServeResults.Fault(400, ex.Message);
            }
        });

        app.MapGet("/api/v1/ruleenforcements", async (HttpContext http, CancellationToken ct) =>
        {
            if (!TryLimit(http, out var limit, out var bad))
            {
                return bad!;
            }

            var q = http.Request.Query;
            var page = await stores.Enforcements.ListAsync(
                new EnforcementQuery { Rule = Text(q["rule"]), TriggerInstanceId = Text(q["trigger_instance"]), Limit = limit, ContinuationToken = Text(q["continuation_token"]) },
                ct).ConfigureAwait(false);
            return Page(http, page.Items.Select(e => (object?)e.ToPlain()).ToList(), page.ContinuationToken);
        });

        app.MapGet("/api/v1/ruleenforcements/{id}", async (string id, CancellationToken ct) =>
            await stores.Enforcements.GetAsync(id, ct).ConfigureAwait(false) is { } enforcement
                ? ServeResults.Json(enforcement.ToPlain())
                : ServeResults.Fault(404, $"Rule enforcement {id} was not found."));
    }

    private static async Task<IResult> RunAsync(
        LocalWorkflowHost host, string actionRef, Dictionary<string, object?> parameters, ExecutionContextState context, TimeProvider time, CancellationToken ct)
    {
        ActionSpec? action = host.Catalog.FindAction(actionRef);
        PackSpec? pack = action is null ? null : host.Catalog.FindPack(action.Pack);
        if (action is null || pack is null)
        {
            return ServeResults.Fault(404, $"Action {actionRef} is not in any loaded pack.");
        }

        try
        {
            // Workflows start durably and return running; other actions run to the end here.
            var execution = await host.Actions.RunAsync(
                action, parameters, Path.Combine(pack.Location, "actions"), context, RecordIds.New(time), cancellationToken: ct).ConfigureAwait(false);
            return ServeResults.Json(execution.ToPlain(), StatusCodes.Status201Created);
        }
        catch (ActionParameterException ex)
        {
            return ServeResults.Fault(400, ex.Message);
        }
    }

    private static async Task<IResult> SignalAsync(ServeStores stores, LocalWorkflowHost host, string id, WorkflowControlSignal signal, CancellationToken ct)
    {
        var execution = await stores.Executions.GetAsync(id, ct).ConfigureAwait(false);
        if (execution is null)
        {
            return ServeResults.Fault(404, $"Execution {id} was not found.");
        }

        if (execution.Status.IsCompleted())
        {
            return ServeResults.Fault(409, $"Execution {id} is already {execution.Status.ToApiName()}.");
        }

        if (await host.Workflows.GetAsync(id, ct).ConfigureAwait(false) is null)
        {
            return ServeResults.Fault(400, $"Execution {id} ({execution.Action}) is not a workflow; only workflows can be paused, resumed or canceled.");
        }

        await host.Workflows.SignalAsync(id, signal, ct).ConfigureAwait(false);
        var current = await stores.Executions.GetAsync(id, ct).ConfigureAwait(false) ?? execution;
        return ServeResults.Json(current.ToPlain(), StatusCodes.Status202Accepted);
    }

    /// <summary>A parsed JSON object body, or the error answer.</summary>
    internal sealed record Parsed(Dictionary<string, object?>? Value, IResult? Error);

    /// <summary>Reads a JSON object body (at most 1 MiB).</summary>
    internal static async Task<Parsed> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        const int MaxBytes = 1024 * 1024;
        var bytes = await ServerlessFlow.Runtime.Webhooks.WebhookBodyReader.ReadAsync(request.Body, request.ContentLength, MaxBytes, ct).ConfigureAwait(false);
        if (bytes is null)
        {
            return new Parsed(null, ServeResults.Fault(413, $"Request body is larger than {MaxBytes} bytes."));
        }

        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return new Parsed(null, ServeResults.Fault(400, "Request body is not UTF-8 text."));
        }

        if (!JsonText.TryParse(text, out var value, out var error))
        {
            return new Parsed(null, ServeResults.Fault(400, $"Request body is not valid JSON: {error}"));
        }

        return value is Dictionary<string, object?> obj
            ? new Parsed(obj, null)
            : new Parsed(null, ServeResults.Fault(400, "Request body must be a JSON object."));
    }

    private static bool TryLimit(HttpContext http, out int limit, out IResult? bad)
    {
        limit = 50;
        bad = null;
        if (http.Request.Query["limit"].ToString() is { Length: > 0 } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000)
            {
                bad = ServeResults.Fault(400, $"Query parameter limit must be an integer from 1 to 1000, got '{text}'.");
                return false;
            }
        }

        return true;
    }

    private static IResult Page(HttpContext http, List<object?> items, string? continuation)
    {
        if (continuation is not null)
        {
            http.Response.Headers[ContinuationHeader] = continuation;
        }

        return ServeResults.Json(items);
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;
}
