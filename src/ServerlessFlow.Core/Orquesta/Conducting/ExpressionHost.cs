using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>What orquesta's workflow functions see while one expression is evaluated: the merged
/// context, the current task (and its result) and the current item.</summary>
internal sealed class ExpressionHost : IWorkflowFunctionHost
{
    private readonly WorkflowConductor _conductor;

    public ExpressionHost(WorkflowConductor conductor, IReadOnlyDictionary<string, object?> variables)
    {
        _conductor = conductor;
        Variables = variables;
    }

    public IReadOnlyDictionary<string, object?> Variables { get; }

    public string? CurrentTaskId { get; init; }

    public long CurrentRoute { get; init; }

    public object? CurrentTaskResult { get; init; }

    public string? CurrentTaskStatus => CurrentTaskId is null ? null : _conductor.LookupTaskStatus(CurrentTaskId, CurrentRoute);

    public bool HasCurrentItem { get; init; }

    public object? CurrentItem { get; init; }

    public string TaskStatus(string taskId, long? route) =>
        _conductor.LookupTaskStatus(taskId, route ?? (CurrentTaskId is null ? 0 : CurrentRoute));

    public object? Task(string taskId, long? route) => _conductor.DescribeTask(taskId, route ?? (CurrentTaskId is null ? 0 : CurrentRoute));
}
