namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>Run a task's actions (after its delay, if any). The driver reports each action it starts
/// with a <c>running</c> <see cref="TaskStatusEvent"/> before the next event, as st2 does.</summary>
/// <param name="Task">The task, its rendered actions, delay and items.</param>
public sealed record RunTaskCommand(TaskCommand Task) : ConductorCommand;
