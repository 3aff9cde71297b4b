using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServerlessFlow.Functions.Workflows;
using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Functions.Api;

/// <summary>
/// The read/run API of <c>sflow serve</c> in the Functions app, one HTTP function per resource under the host's
/// <c>api</c> prefix, so the URLs are serve's (<c>/api/v1/executions/…</c>) and <c>sflow --url https://&lt;app&gt;.azurewebsites.net</c>
/// works. Anonymous at the host, like the webhooks: <see cref="ReadRunApi"/> checks StackStorm's <c>St2-Api-Key</c> against
/// <c>SFLOW_API_KEY</c>. Executions and inquiries take the Durable client, so running a workflow, re_run, pause/resume/cancel
/// and inquiry answers reach the orchestrations (<see cref="DurableClientScope"/>).
/// </summary>
internal sealed class ApiFunctions(ReadRunApi api)
{
    /// <summary>Function name of <c>/api/v1/executions</c>.</summary>
    public const string ExecutionsName = "ApiExecutions";

    /// <summary>Function name of <c>/api/v1/triggerinstances</c>.</summary>
    public const string TriggerInstancesName = "ApiTriggerInstances";

    /// <summary>Function name of <c>/api/v1/ruleenforcements</c>.</summary>
    public const string RuleEnforcementsName = "ApiRuleEnforcements";

    /// <summary>Function name of <c>/api/v1/keys</c>.</summary>
    public const string KeysName = "ApiKeys";

    /// <summary>Function name of <c>/api/v1/inquiries</c>.</summary>
    public const string InquiriesName = "ApiInquiries";

    /// <summary>Function name of <c>/api/v1/actions</c>.</summary>
    public const string ActionsName = "ApiActions";

    /// <summary>Function name of every other resource (<c>/api/v1/{resource}/…</c>: rules, packs, runnertypes, traces, stream…).</summary>
    public const string ResourcesName = "ApiResources";

    /// <summary>Executions: list, get, children, run, re_run, cancel, pause/resume. <c>POST</c> answers at once: workflows
    /// start durably (running), other actions are stored requested and run by <see cref="ExecutionRunFunctions"/>.</summary>
    [Function(ExecutionsName)]
    public async Task<IActionResult> ExecutionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = "v1/executions/{*rest}")] HttpRequest request,
        string? rest,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durableClient);
        using var scope = DurableClientScope.Enter(durableClient);
        return await HandleAsync("executions", request, rest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Trigger instances: list, get, re_emit.</summary>
    [Function(TriggerInstancesName)]
    public Task<IActionResult> TriggerInstancesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "v1/triggerinstances/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync("triggerinstances", request, rest, cancellationToken);

    /// <summary>Rule enforcements: list, get.</summary>
    [Function(RuleEnforcementsName)]
    public Task<IActionResult> RuleEnforcementsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/ruleenforcements/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync("ruleenforcements", request, rest, cancellationToken);

    /// <summary>Key-value pairs (system scope): list, get, set, delete.</summary>
    [Function(KeysName)]
    public Task<IActionResult> KeysAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "delete", Route = "v1/keys/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync("keys", request, rest, cancellationToken);

    /// <summary>Inquiries: list, get, respond (wakes the waiting workflow).</summary>
    [Function(InquiriesName)]
    public async Task<IActionResult> InquiriesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "v1/inquiries/{*rest}")] HttpRequest request,
        string? rest,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durableClient);
        using var scope = DurableClientScope.Enter(durableClient);
        return await HandleAsync("inquiries", request, rest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Actions of the deployed packs: list, get by ref (with the merged parameter schema).</summary>
    [Function(ActionsName)]
    public Task<IActionResult> ActionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/actions/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync("actions", request, rest, cancellationToken);

    /// <summary>Every resource without a function of its own (the host prefers literal routes, so the ones above keep
    /// theirs; an unknown resource gets StackStorm's error body from <see cref="ReadRunApi"/>). Takes the Durable client
    /// for the resources that read workflows through it.</summary>
    [Function(ResourcesName)]
    public async Task<IActionResult> ResourcesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = "v1/{resource}/{*rest}")] HttpRequest request,
        string resource,
        string? rest,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durableClient);
        using var scope = DurableClientScope.Enter(durableClient);
        return await HandleAsync(resource, request, rest, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IActionResult> HandleAsync(string resource, HttpRequest request, string? rest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await api.HandleAsync(
            resource,
            new ApiRequest
            {
                Method = request.Method.ToUpperInvariant(),
                Path = rest ?? string.Empty,
                Query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                Headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Body = request.Body,
                ContentLength = request.ContentLength,
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in result.Headers)
        {
            request.HttpContext.Response.Headers[name] = value;
        }

        if (result.StreamWriter is { } writer)
        {
            return new EventStreamResult(result.MediaType, writer);
        }

        return result.BodyText is { } text
            ? new ContentResult { StatusCode = result.StatusCode, ContentType = result.MediaType, Content = text }
            : new StatusCodeResult(result.StatusCode);
    }
}
