namespace ServerlessFlow.Core.Workflows;

/// <summary>An engine's workflow held in memory between turns (see <see cref="WorkflowEngineState"/>).</summary>
internal interface ILiveWorkflowState
{
    /// <summary>Grows with every turn applied to the workflow: a state made at an older version is consumed.</summary>
    long Version { get; }

    /// <summary>The plain value of the workflow as it is now, independent of later turns.</summary>
    Dictionary<string, object?> Save();
}
