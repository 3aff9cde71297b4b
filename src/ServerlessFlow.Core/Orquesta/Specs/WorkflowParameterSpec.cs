namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>One workflow <c>input</c>, <c>vars</c> or <c>output</c> entry: a name and a (default) value.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Value">The default value or expression (null when none).</param>
/// <param name="HasValue">False for an input written as a bare name.</param>
public sealed record WorkflowParameterSpec(string Name, object? Value, bool HasValue);
