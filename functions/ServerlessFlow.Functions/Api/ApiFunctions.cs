using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServerlessFlow.Functions.Workflows;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Composition;

namespace ServerlessFlow.Functions.Api;

/// <summary>
/// The read/run API of <c>sflow serve</c> in the Functions app, one HTTP function per resource under the host's
/// <c>api</c> prefix, so the URLs are serve's (<c>/api/v1/executions/…</c>) and <c>sflow --url https://&lt;app&gt;.azurewebsites.net</c>
/// works. Anonymous at the host, like the webhooks: <see cref="ReadRunApi"/> checks StackStorm's <c>St2-Api-Key</c> against
/// <c>SFLOW_API_KEY</c>. Executions and inquiries take the Durable client and connect the runtime to it, so running a
/// workflow, re_run, pause/resume/cancel and inquiry answers reach the orchestrations.
/// </summary>
internal sealed class ApiFunctions(ServerlessFlowRuntime runtime)
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

    /// <summary>Function name of <c>GET /api/v1/webhooks</c> (the list; <c>POST</c> is the webhook trigger itself).</summary>
    public const string WebhooksName = "ApiWebhooks";

    /// <summary>The catch-all's route: every resource but <c>webhooks</c>. The host tries HTTP routes in its own order, not
    /// by how literal they are, so without the exclusion <c>POST /api/v1/webhooks/…</c> could reach this function (and its
    /// 405) instead of the webhook trigger — which is what the host tests found.</summary>
    public const string ResourcesRoute = "v1/{resource:regex(^(?!webhooks$).+$)}/{*rest}";

    /// <summary>Function name of every other resource (<c>/api/v1/{resource}/…</c>: rules, packs, runnertypes, traces, stream…).</summary>
    public const string ResourcesName = "ApiResources";

    /// <summary>Executions: list, get, children, run, re_run, cancel, pause/resume. <c>POST</c> answers at once: workflows
    /// start durably (running), other actions are stored requested and run by <see cref="ExecutionRunFunctions"/>.</summary>
    [Function(ExecutionsName)]
    public Task<IActionResult> ExecutionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = "v1/executions/{*rest}")] HttpRequest request,
        string? rest,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durableClient);
        return HandleAsync(runtime.Connect(DurableClients.Of(durableClient)).Api, "executions", request, rest, cancellationToken);
    }

    /// <summary>Trigger instances: list, get, re_emit.</summary>
    [Function(TriggerInstancesName)]
    public Task<IActionResult> TriggerInstancesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "v1/triggerinstances/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync(WithoutWorkflows, "triggerinstances", request, rest, cancellationToken);

    /// <summary>Rule enforcements: list, get.</summary>
    [Function(RuleEnforcementsName)]
    public Task<IActionResult> RuleEnforcementsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/ruleenforcements/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync(WithoutWorkflows, "ruleenforcements", request, rest, cancellationToken);

    /// <summary>Key-value pairs (system scope): list, get, set, delete.</summary>
    [Function(KeysName)]
    public Task<IActionResult> KeysAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "delete", Route = "v1/keys/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync(WithoutWorkflows, "keys", request, rest, cancellationToken);

    /// <summary>Inquiries: list, get, respond (wakes the waiting workflow).</summary>
    [Function(InquiriesName)]
    public Task<IActionResult> InquiriesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "v1/inquiries/{*rest}")] HttpRequest request,
        string? rest,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durableClient);
        return HandleAsync(runtime.Connect(DurableClients.Of(durableClient)).Api, "inquiries", request, rest, cancellationToken);
    }

    /// <summary>Actions of the deployed packs: list, get by ref (with the merged parameter schema).</summary>
    [Function(ActionsName)]
    public Task<IActionResult> ActionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/actions/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync(WithoutWorkflows, "actions", request, rest, cancellationToken);

    /// <summary>The webhook triggers the rules in force register (list and get); the webhooks themselves are
    /// <see cref="Webhooks.WebhookFunction"/>'s <c>POST</c> on the same path.</summary>
    [Function(WebhooksName)]
    public Task<IActionResult> WebhooksAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhooks/{*rest}")] HttpRequest request,
        string? rest,
        CancellationToken cancellationToken) =>
        HandleAsync(WithoutWorkflows, "webhooks", request, rest, cancellationToken);

    /// <summary>Every resource without a function of its own (the host prefers literal routes, so the ones above keep
    /// theirs; an unknown resource gets StackStorm's error body from <see cref="ReadRunApi"/>). Takes the Durable client, as
    /// some of these resources read workflows through it.</summary>
    [Function(ResourcesName)]
    public Task<IActionResult> ResourcesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = ResourcesRoute)] HttpRequest request,
        string resource,
        string? rest,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durableClient);
        return HandleAsync(runtime.Connect(DurableClients.Of(durableClient)).Api, resource, request, rest, cancellationToken);
    }

    /// <summary>The API for resources that never start or steer a workflow (these functions have no Durable client binding).</summary>
    private ReadRunApi WithoutWorkflows => runtime.WithoutDurableClient.Api;

    private static async Task<IActionResult> HandleAsync(ReadRunApi api, string resource, HttpRequest request, string? rest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await api.HandleAsync(resource, HttpRequests.ToApiRequest(request, rest, withConsole: true), cancellationToken).ConfigureAwait(false);
        return HttpRequests.ToActionResult(result, request.HttpContext.Response);
    }
}
