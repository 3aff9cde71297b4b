namespace ServerlessFlow.Runtime.Durable;

/// <summary>How the orchestrator runs one task's action.</summary>
public enum ActionTaskKind
{
    /// <summary>An ordinary action: one activity.</summary>
    Action,

    /// <summary>An Orquesta workflow action: a sub-orchestration.</summary>
    Workflow,

    /// <summary>An inquiry (<c>core.ask</c>): an activity records it, then the orchestrator waits for the answer event or the TTL.</summary>
    Inquiry,
}
