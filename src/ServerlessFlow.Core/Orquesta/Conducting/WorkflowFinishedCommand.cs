namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>The workflow ended.</summary>
/// <param name="Status">The final status.</param>
/// <param name="Output">The rendered output (null when none).</param>
/// <param name="Errors">The errors logged.</param>
public sealed record WorkflowFinishedCommand(string Status, object? Output, IReadOnlyList<Dictionary<string, object?>> Errors) : ConductorCommand;
