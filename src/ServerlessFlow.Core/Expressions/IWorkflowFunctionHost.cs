namespace ServerlessFlow.Core.Expressions;

/// <summary>
/// The workflow state that Orquesta's expression functions read. The Orquesta conductor
/// implements it; the expression engine only calls it.
/// </summary>
public interface IWorkflowFunctionHost
{
    /// <summary>The workflow variables (<c>ctx()</c>), including internal <c>__</c> keys, which the functions hide.</summary>
    IReadOnlyDictionary<string, object?> Variables { get; }

    /// <summary>The id of the task being evaluated (st2's <c>task()</c> with no id); null when no task is current.</summary>
    string? CurrentTaskId { get; }

    /// <summary>The route of the task being evaluated (0 when none is current).</summary>
    long CurrentRoute { get; }

    /// <summary>The result of the task being evaluated (<c>result()</c>); for with-items, the list of item results.</summary>
    object? CurrentTaskResult { get; }

    /// <summary>The status of the task being evaluated (for <c>succeeded()</c>, <c>failed()</c>, <c>completed()</c>);
    /// null when no task is current.</summary>
    string? CurrentTaskStatus { get; }

    /// <summary>True when a with-items item is current (for <c>item()</c>).</summary>
    bool HasCurrentItem { get; }

    /// <summary>The current with-items item (<c>item()</c>): a value, or a dictionary for named items.</summary>
    object? CurrentItem { get; }

    /// <summary><c>task_status(task_id[, route])</c>: the status of a task, searching earlier routes; "null" if unknown.</summary>
    string TaskStatus(string taskId, long? route);

    /// <summary>st2's <c>task(task_id[, route])</c>: the task execution record (id, status, result…), or null when unknown;
    /// a null route means the current task's route.</summary>
    object? Task(string taskId, long? route);
}
