using System.Diagnostics;

namespace ServerlessFlow.Functions.Telemetry;

/// <summary>The app's ActivitySource: spans for webhook handling and rule evaluation carry the
/// StackStorm trace tag, so one trace in Application Insights runs from webhook to last activity.</summary>
internal static class SflowTelemetry
{
    /// <summary>Source name registered with OpenTelemetry.</summary>
    public const string SourceName = "ServerlessFlow";

    /// <summary>Span attribute holding the trace tag.</summary>
    public const string TraceTagAttribute = "sflow.trace_tag";

    /// <summary>Span attribute holding the trigger-instance id.</summary>
    public const string TriggerInstanceAttribute = "sflow.trigger_instance.id";

    /// <summary>Span attribute holding the webhook url.</summary>
    public const string WebhookAttribute = "sflow.webhook";

    /// <summary>The source.</summary>
    public static ActivitySource Source { get; } = new(SourceName);
}
