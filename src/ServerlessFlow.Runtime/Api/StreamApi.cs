using System.Text;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// <c>GET /api/v1/stream</c>: StackStorm's event stream as server-sent events (<c>event: st2.execution__update</c>,
/// <c>data: {execution}</c>), as <c>st2 execution tail</c> and st2web read it. <c>events</c> names the events wanted (all by
/// default); with <c>end_execution_id</c> (and <c>end_event</c>, default <c>st2.execution__update</c>) the stream ends after
/// that execution's event in a completed status — and at once if it has already completed, so a client that subscribes
/// just after the end does not wait forever. A comment line every <c>heartbeat</c> keeps proxies from closing an idle stream.
/// </summary>
public sealed class StreamApi(ApiEventHub hub, IExecutionStore executions, ExecutionView view) : IApiResource
{
    /// <summary>The event stream's media type.</summary>
    public const string MediaType = "text/event-stream";

    /// <summary>How often an idle stream sends a comment line.</summary>
    public static TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <inheritdoc/>
    public string Name => "stream";

    /// <inheritdoc/>
    public bool SelectsAttributes => false;

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Segments.Count > 0)
        {
            return Task.FromResult(ApiRoutes.NotFound(Name, request));
        }

        if (request.Method != "GET")
        {
            return Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET"));
        }

        var wanted = request.QueryValue("events")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var endId = request.QueryValue("end_execution_id");
        var endEvent = request.QueryValue("end_event") ?? StreamingExecutionStore.Updated;

        // Subscribe before answering, so nothing published between the answer and the first read is lost.
        var subscription = hub.Subscribe();
        return Task.FromResult(ApiResult.Stream(MediaType, async (body, ct) =>
        {
            using (subscription)
            {
                await WriteAsync(body, ": connected\n\n", ct).ConfigureAwait(false);
                if (endId is not null && await executions.GetAsync(endId, ct).ConfigureAwait(false) is { } done && done.Status.IsCompleted())
                {
                    await WriteEventAsync(body, new ApiEvent(endEvent, view.ToPlain(done)), ct).ConfigureAwait(false);
                    return;
                }

                while (!ct.IsCancellationRequested)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    idle.CancelAfter(Heartbeat);
                    ApiEvent next;
                    try
                    {
                        next = await subscription.Events.ReadAsync(idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await WriteAsync(body, ": keep-alive\n\n", ct).ConfigureAwait(false);
                        continue;
                    }

                    if (wanted is not null && !wanted.Contains(next.Name))
                    {
                        continue;
                    }

                    await WriteEventAsync(body, next, ct).ConfigureAwait(false);
                    if (endId is not null && next.Name == endEvent && next.Payload.GetValueOrDefault("id") as string == endId
                        && next.Payload.GetValueOrDefault("status") is string status && ExecutionStatuses.TryParse(status, out var parsed) && parsed.IsCompleted())
                    {
                        return;
                    }
                }
            }
        }));
    }

    private static Task WriteEventAsync(Stream body, ApiEvent message, CancellationToken ct) =>
        WriteAsync(body, $"event: {message.Name}\ndata: {JsonText.Serialize(message.Payload)}\n\n", ct);

    private static async Task WriteAsync(Stream body, string text, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await body.FlushAsync(ct).ConfigureAwait(false);
    }
}
