namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>A task named by a transition: the task, the transition's condition and its index in <c>next</c>.</summary>
/// <param name="Task">The named task (or engine command).</param>
/// <param name="Condition">The transition's <c>when</c>, or null.</param>
/// <param name="TransitionIndex">Index of the transition in the source task's <c>next</c>.</param>
public readonly record struct TaskReference(string Task, string? Condition, int TransitionIndex);
