using System.Diagnostics.CodeAnalysis;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Orquesta;

/// <summary>Port: the Orquesta workflow definitions the engine runs, by workflow action ref, parsed before any workflow runs
/// (the engine replays inside orchestrations and must not read files).</summary>
public interface IWorkflowSpecSource
{
    /// <summary>The spec of a workflow, when it loaded.</summary>
    bool TryGet(string workflowRef, [NotNullWhen(true)] out WorkflowSpec? spec);

    /// <summary>Why a workflow has no spec (not loaded, failed to parse…), for the error that names it.</summary>
    string WhyMissing(string workflowRef);

    /// <summary>The spec of one version of a workflow (a content hash), for executions pinned to the definition they started
    /// with; sources that keep no versions have none.</summary>
    bool TryGet(string workflowRef, string definitionVersion, [NotNullWhen(true)] out WorkflowSpec? spec)
    {
        spec = null;
        return false;
    }
}
