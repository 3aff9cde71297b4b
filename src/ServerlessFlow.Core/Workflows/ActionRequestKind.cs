namespace ServerlessFlow.Core.Workflows;

/// <summary>What kind of execution an action a workflow asks for is, which decides how a host runs it.</summary>
public enum ActionRequestKind
{
    /// <summary>An ordinary action, run by its runner.</summary>
    Action,

    /// <summary>A workflow action: a sub-workflow.</summary>
    Workflow,

    /// <summary>An inquiry (<c>core.ask</c>): recorded, then waits for its answer or its TTL.</summary>
    Inquiry,
}
