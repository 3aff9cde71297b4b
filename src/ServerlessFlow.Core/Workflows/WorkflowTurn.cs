namespace ServerlessFlow.Core.Workflows;

/// <summary>What a workflow engine answers to a start or an event: the new state and what to do next.</summary>
/// <param name="State">The state to hand back with the next event.</param>
/// <param name="Actions">Actions to start now (already recorded running).</param>
/// <param name="Status">The workflow's status after the event.</param>
/// <param name="Result">Once the workflow has finished: its result in StackStorm's shape for the language (Orquesta:
/// <c>{"output": …}</c>, with <c>errors</c> when there are any; ActionChain: <c>{"tasks": […], "published": {…}}</c>);
/// otherwise null. A workflow can be failed while tasks still run: it finishes once they end.</param>
public sealed record WorkflowTurn(WorkflowEngineState State, IReadOnlyList<ActionRequest> Actions, WorkflowStatus Status, Dictionary<string, object?>? Result)
{
    /// <summary>The workflow has finished (a completed status and its result): it takes no more events.</summary>
    public bool IsFinished => Result is not null && Status.IsCompleted();
}
