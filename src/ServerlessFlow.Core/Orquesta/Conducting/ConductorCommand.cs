namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>What the conductor asks its driver to do after an event.</summary>
public abstract record ConductorCommand;

/// <summary>Run a task's actions (after its delay, if any). The driver reports each action it starts
/// with a <c>running</c> <see cref="TaskStatusEvent"/> before the next event, as st2 does.</summary>
/// <param name="Task">The task, its rendered actions, delay and items.</param>
public sealed record RunTaskCommand(TaskCommand Task) : ConductorCommand;

/// <summary>The workflow ended.</summary>
/// <param name="Status">The final status.</param>
/// <param name="Output">The rendered output (null when none).</param>
/// <param name="Errors">The errors logged.</param>
public sealed record WorkflowFinishedCommand(string Status, object? Output, IReadOnlyList<Dictionary<string, object?>> Errors) : ConductorCommand;
