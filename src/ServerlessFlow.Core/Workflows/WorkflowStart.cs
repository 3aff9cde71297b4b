namespace ServerlessFlow.Core.Workflows;

/// <summary>Starts a workflow execution.</summary>
/// <param name="WorkflowRef">The workflow action, <c>pack.name</c>, whose definition the engine knows.</param>
/// <param name="Inputs">The workflow's input parameters.</param>
/// <param name="Context">The runtime context workflows read (StackStorm's <c>st2</c> mapping: execution ids, api_url, user…).</param>
/// <param name="At">When the workflow starts, from the host's replay-safe clock (Core reads no clock); null when unknown.</param>
/// <param name="DefinitionVersion">The version of the definition to run (a content hash the spec source knows), when the
/// execution is pinned to one; null: whatever definition the source holds for <paramref name="WorkflowRef"/> now.</param>
public sealed record WorkflowStart(
    string WorkflowRef, Dictionary<string, object?> Inputs, Dictionary<string, object?> Context, DateTimeOffset? At = null, string? DefinitionVersion = null);
