using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>What <see cref="WebhookHandler"/> answered, and what hosts log or tag telemetry with.</summary>
/// <param name="Result">The HTTP answer: 202 with the body echoed, or the rejection as <c>{"faultstring": …}</c>.</param>
/// <param name="Hook">The normalised webhook url.</param>
/// <param name="TraceTag">The trace tag of the request (the one made up for it when accepted without one); null before parsing.</param>
/// <param name="TriggerInstanceIds">The trigger instances written; empty when rejected.</param>
public sealed record WebhookResponse(ApiResult Result, string Hook, string? TraceTag, IReadOnlyList<string> TriggerInstanceIds);
