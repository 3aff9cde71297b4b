using System.Buffers.Text;
using System.Text;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// <c>/api/v1/traces</c>: what happened under one trace tag, in StackStorm's trace shape — the trigger instances, the rules
/// they fired (their enforcements) and the executions. Nothing extra is stored: a trace is read from the records that carry
/// the tag (executions are indexed by it; their context names the instance and enforcement), so a trigger instance that fired
/// no rule shows in the list by its tag but holds no rules or executions. The id is the tag itself, base64url-encoded
/// (st2 ids are opaque to clients); <c>trace_tag</c> filters the list, which is newest first from the trigger instances.
/// </summary>
public sealed class TracesApi(ITriggerInstanceStore instances, IEnforcementStore enforcements, IExecutionStore executions) : IApiResource
{
    /// <inheritdoc/>
    public string Name => "traces";

    /// <summary>The trace id of a tag.</summary>
    public static string IdOf(string traceTag) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(traceTag));

    /// <inheritdoc/>
    public async Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        switch (segments.Count, request.Method)
        {
            case (0, "GET"):
                return await ListAsync(request, cancellationToken).ConfigureAwait(false);
            case (1, "GET"):
                if (!TryTagOf(segments[0], out var tag))
                {
                    return CatalogListing.NotFound("trace", segments[0]);
                }

                var trace = await BuildAsync(tag, cancellationToken).ConfigureAwait(false);
                return trace is null ? CatalogListing.NotFound("trace", segments[0]) : ApiResult.Json(trace);
            case (0 or 1, _):
                return ApiRoutes.MethodNotAllowed(Name, request, "GET");
            default:
                return ApiRoutes.NotFound(Name, request);
        }
    }

    private static bool TryTagOf(string id, out string tag)
    {
        tag = string.Empty;
        try
        {
            tag = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(id));
            return tag.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private async Task<ApiResult> ListAsync(ApiRequest request, CancellationToken ct)
    {
        var (paging, bad) = ApiPaging.Read(request);
        if (paging is null)
        {
            return bad!;
        }

        if (paging.ContinuationToken is not null)
        {
            return ApiResult.Fault(400, "Traces page with offset, not continuation_token.");
        }

        var tags = new List<string>();
        if (request.QueryValue("trace_tag") is { } wanted)
        {
            tags.Add(wanted);
        }
        else
        {
            // Walk trigger instances newest first until enough distinct tags are seen (bounded: a page of the store at a time).
            string? token = null;
            var needed = paging.Offset + paging.Limit;
            var walked = 0;
            do
            {
                var page = await instances.ListAsync(new TriggerInstanceQuery { Limit = ApiPaging.MaxLimit, ContinuationToken = token }, ct).ConfigureAwait(false);
                foreach (var instance in page.Items)
                {
                    if (instance.TraceTag is { Length: > 0 } tag && !tags.Contains(tag))
                    {
                        tags.Add(tag);
                    }
                }

                walked += page.Items.Count;
                token = page.ContinuationToken;
            }
            while (token is not null && tags.Count < needed && walked < ApiPaging.MaxOffset);
        }

        var traces = new List<object?>();
        foreach (var tag in tags.Skip(paging.Offset).Take(paging.Limit))
        {
            if (await BuildAsync(tag, ct).ConfigureAwait(false) is { } trace)
            {
                traces.Add(trace);
            }
        }

        return ApiResult.Json(traces);
    }

    private async Task<Dictionary<string, object?>?> BuildAsync(string tag, CancellationToken ct)
    {
        var tagged = new List<ExecutionState>();
        string? token = null;
        do
        {
            var page = await executions.ListAsync(new ExecutionQuery { TraceTag = tag, Limit = ApiPaging.MaxLimit, ContinuationToken = token }, ct).ConfigureAwait(false);
            tagged.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null && tagged.Count < ApiPaging.MaxOffset);

        var instanceIds = tagged.Select(e => e.Context.TriggerInstanceId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = new List<TriggerInstanceState>();
        foreach (var id in instanceIds)
        {
            if (await instances.GetAsync(id, ct).ConfigureAwait(false) is { } instance)
            {
                found.Add(instance);
            }
        }

        var enforced = new List<RuleEnforcementState>();
        foreach (var id in tagged.Select(e => e.Context.EnforcementId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await enforcements.GetAsync(id, ct).ConfigureAwait(false) is { } enforcement)
            {
                enforced.Add(enforcement);
            }
        }

        if (tagged.Count == 0 && found.Count == 0)
        {
            // A tag only trigger instances carry (no rule fired): the trace still exists, with what it has.
            var page = await instances.ListAsync(new TriggerInstanceQuery { Limit = ApiPaging.MaxLimit }, ct).ConfigureAwait(false);
            found.AddRange(page.Items.Where(i => i.TraceTag == tag));
            if (found.Count == 0)
            {
                return null;
            }
        }

        static Dictionary<string, object?> Component(string id, string? reference, DateTimeOffset at, string? causeType, string? causeId)
        {
            var component = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["object_id"] = id,
                ["updated_at"] = PlainRecord.FormatTimestamp(at),
            };
            if (reference is not null)
            {
                component["ref"] = reference;
            }

            component["caused_by"] = causeId is null
                ? new Dictionary<string, object?>(StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = causeType, ["id"] = causeId };
            return component;
        }

        var start = found.Select(i => i.OccurrenceTime).Concat(tagged.Select(e => e.StartTimestamp)).Min();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = IdOf(tag),
            ["trace_tag"] = tag,
            ["trigger_instances"] = found.OrderBy(i => i.OccurrenceTime)
                .Select(i => (object?)Component(i.Id, i.Trigger, i.OccurrenceTime, null, null)).ToList(),
            ["rules"] = enforced.OrderBy(e => e.EnforcedAt)
                .Select(e => (object?)Component(RecordIds.Derive("rule", e.RuleRef), e.RuleRef, e.EnforcedAt, "trigger_instance", e.TriggerInstanceId)).ToList(),
            ["action_executions"] = tagged.OrderBy(e => e.StartTimestamp)
                .Select(e => (object?)Component(
                    e.Id,
                    e.Action,
                    e.EndTimestamp ?? e.StartTimestamp,
                    e.Context.ParentExecutionId is not null ? "action_execution" : e.Context.RuleRef is not null ? "rule" : null,
                    e.Context.ParentExecutionId ?? (e.Context.RuleRef is { } rule ? RecordIds.Derive("rule", rule) : null))).ToList(),
            ["start_timestamp"] = PlainRecord.FormatTimestamp(start),
        };
    }
}
