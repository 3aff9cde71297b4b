using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Core.Orquesta.Rehearsal;

/// <summary>What a rehearsal produced: the task sequence, status, output, errors, routes and terminal tasks.</summary>
public sealed class RehearsalResult
{
    /// <summary>The conductor in its final state.</summary>
    public required WorkflowConductor Conductor { get; init; }

    /// <summary>The engine state at the end (what a rerun continues from); null for a summary of a bare conductor.</summary>
    public WorkflowEngineState? State { get; init; }

    /// <summary>Task ids in execution order (<c>id</c> on route 0, <c>id__rN</c> otherwise).</summary>
    public required IReadOnlyList<string> Sequence { get; init; }

    /// <summary>The final workflow status.</summary>
    public required string Status { get; init; }

    /// <summary>The rendered output, or null.</summary>
    public object? Output { get; init; }

    /// <summary>Errors logged.</summary>
    public required IReadOnlyList<Dictionary<string, object?>> Errors { get; init; }

    /// <summary>The routes.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Routes { get; init; }

    /// <summary>Terminal tasks, sorted.</summary>
    public required IReadOnlyList<string> TerminalTasks { get; init; }

    /// <summary>The JSON answer of <c>sflow workflow rehearse</c>: sequence, status, output, errors.</summary>
    public Dictionary<string, object?> ToValue() => new(StringComparer.Ordinal)
    {
        ["sequence"] = Sequence.Cast<object?>().ToList(),
        ["status"] = Status,
        ["output"] = Output,
        ["errors"] = Errors.Cast<object?>().ToList(),
    };
}
