namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>An event about a task's action execution, fed to <see cref="WorkflowConductor.UpdateTaskState"/>.</summary>
/// <param name="Status">The action's new status (orquesta status name).</param>
/// <param name="Result">The action result (plain value).</param>
public record ExecutionEvent(string Status, object? Result = null)
{
    /// <summary>orquesta's event name (<c>action_succeeded</c>…).</summary>
    public virtual string Name => "action_" + Status;
}
