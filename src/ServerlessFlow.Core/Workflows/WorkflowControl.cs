namespace ServerlessFlow.Core.Workflows;

/// <summary>An operator's request to a running workflow.</summary>
public enum WorkflowControl
{
    /// <summary>Start no new tasks; become paused once running ones end.</summary>
    Pause,

    /// <summary>Continue a paused workflow.</summary>
    Resume,

    /// <summary>Start no new tasks; become canceled once running ones end.</summary>
    Cancel,
}
