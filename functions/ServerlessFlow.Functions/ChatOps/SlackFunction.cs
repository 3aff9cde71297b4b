using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServerlessFlow.Functions.Api;
using ServerlessFlow.Functions.Workflows;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Composition;

namespace ServerlessFlow.Functions.ChatOps;

/// <summary>ChatOps for Slack: <c>POST /api/chatops/slack</c> (slash commands and the Events API) through the runtime's
/// <see cref="Runtime.ChatOps.Slack.SlackEndpoint"/>, the one <c>sflow serve</c> maps at <c>/chatops/slack</c>. Anonymous at
/// the host: Slack signs its requests and cannot send a key. The command's executions are stored and started (requested
/// actions through the <c>sflow-run-execution</c> orchestration) before Slack is answered; the answers are posted from this
/// worker when the executions complete.</summary>
internal sealed class SlackFunction(ServerlessFlowRuntime runtime, SlackApp slack)
{
    /// <summary>The function name in functions.metadata.</summary>
    public const string Name = "ChatOpsSlack";

    /// <summary>Verifies and runs one Slack request.</summary>
    [Function(Name)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chatops/slack")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durableClient);
        var result = slack.Endpoint is { } endpoint
            ? await endpoint.HandleAsync(HttpRequests.ToApiRequest(request, null, withConsole: true), runtime.Connect(DurableClients.Of(durableClient)).Chat, cancellationToken).ConfigureAwait(false)
            : ApiResult.Fault(404, "No Slack app is configured: set the app setting SFLOW_SLACK_SIGNING_SECRET (and SFLOW_SLACK_BOT_TOKEN for the Events API).");
        return HttpRequests.ToActionResult(result, request.HttpContext.Response);
    }
}
