namespace ServerlessFlow.Runtime.Durable;

/// <summary>The Durable Task runtime status of an orchestration instance (not the workflow's Orquesta status).</summary>
public enum OrchestrationLifecycle
{
    /// <summary>Scheduled, not yet started.</summary>
    Pending,

    /// <summary>Running (including waiting on timers, events or activities).</summary>
    Running,

    /// <summary>Suspended by a client.</summary>
    Suspended,

    /// <summary>Returned its output.</summary>
    Completed,

    /// <summary>The orchestrator threw.</summary>
    Failed,

    /// <summary>Terminated by a client.</summary>
    Terminated,
}
