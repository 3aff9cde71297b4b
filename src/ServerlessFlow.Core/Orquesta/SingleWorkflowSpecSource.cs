using System.Diagnostics.CodeAnalysis;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Orquesta;

/// <summary>One workflow spec under one ref: what a rehearsal runs.</summary>
/// <param name="WorkflowRef">The ref the spec answers to.</param>
/// <param name="Spec">The spec.</param>
public sealed record SingleWorkflowSpecSource(string WorkflowRef, WorkflowSpec Spec) : IWorkflowSpecSource
{
    /// <inheritdoc/>
    public bool TryGet(string workflowRef, [NotNullWhen(true)] out WorkflowSpec? spec)
    {
        spec = workflowRef == WorkflowRef ? Spec : null;
        return spec is not null;
    }

    /// <inheritdoc/>
    public string WhyMissing(string workflowRef) => $"Only workflow {WorkflowRef} is loaded, not {workflowRef}.";
}
