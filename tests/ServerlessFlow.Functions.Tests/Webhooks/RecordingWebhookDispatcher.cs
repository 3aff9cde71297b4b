using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Functions.Tests.Webhooks;

/// <summary>Test double of the dispatch port: records what it was given, answers as told.</summary>
internal sealed class RecordingWebhookDispatcher : IWebhookDispatcher
{
    public List<WebhookRequest> Dispatched { get; } = [];

    public WebhookDispatchOutcome Outcome { get; set; } = WebhookDispatchOutcome.Accepted(["instance-1"]);

    public Task<WebhookDispatchOutcome> DispatchAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (Outcome.Rejection is null)
        {
            Dispatched.Add(request);
        }

        return Task.FromResult(Outcome);
    }
}
