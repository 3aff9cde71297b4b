using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Tests.Expressions.Jinja;

/// <summary>A workflow host built from a golden case's "workflow" object.</summary>
internal sealed class FakeWorkflowHost(Dictionary<string, object?> variables, Dictionary<string, object?> workflow) : IWorkflowFunctionHost
{
    private Dictionary<string, object?>? CurrentTask => workflow.GetValueOrDefault("current_task") as Dictionary<string, object?>;

    public IReadOnlyDictionary<string, object?> Variables { get; } = variables;

    public object? CurrentTaskResult => CurrentTask?.GetValueOrDefault("result");

    public string? CurrentTaskStatus => CurrentTask?.GetValueOrDefault("status") as string;

    public bool HasCurrentItem => workflow.ContainsKey("item");

    public object? CurrentItem => workflow.GetValueOrDefault("item");

    public string TaskStatus(string taskId, long? route) =>
        (workflow.GetValueOrDefault("task_statuses") as Dictionary<string, object?>)?.GetValueOrDefault(taskId) as string ?? "null";

    public string? CurrentTaskId => CurrentTask?.GetValueOrDefault("id") as string;

    public long CurrentRoute => CurrentTask?.GetValueOrDefault("route") as long? ?? 0;

    public object? Task(string taskId, long? route) =>
        (workflow.GetValueOrDefault("tasks") as Dictionary<string, object?>)?.GetValueOrDefault(taskId);
}
