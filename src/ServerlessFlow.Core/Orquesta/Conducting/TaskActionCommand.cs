namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>One action to execute for a task: the rendered action reference and input (and item index).</summary>
/// <param name="Action">The rendered action reference.</param>
/// <param name="Input">The rendered input (plain value).</param>
/// <param name="ItemId">The with-items item index, or null.</param>
public sealed record TaskActionCommand(object? Action, object? Input, int? ItemId);
