using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Tests.Expressions.Yaql;

/// <summary>A workflow host over a golden case's context, with Orquesta's internal keys
/// (<c>__current_task</c>, <c>__state</c>, <c>__current_item</c>) read as orquesta reads them.</summary>
internal sealed class GoldenWorkflowHost : IWorkflowFunctionHost
{
    private readonly Dictionary<string, object?> _data;

    public GoldenWorkflowHost(Dictionary<string, object?> data)
    {
        _data = data;
    }

    public IReadOnlyDictionary<string, object?> Variables => _data;

    private Dictionary<string, object?>? CurrentTask => _data.GetValueOrDefault("__current_task") as Dictionary<string, object?>;

    public object? CurrentTaskResult => CurrentTask?.GetValueOrDefault("result");

    public string? CurrentTaskStatus => CurrentTask is { } task ? TaskStatus((string)task["id"]!, task["route"] as long?) : null;

    public bool HasCurrentItem => _data.ContainsKey("__current_item");

    public object? CurrentItem => _data.GetValueOrDefault("__current_item");

    public string TaskStatus(string taskId, long? route)
    {
        route ??= CurrentTask?.GetValueOrDefault("route") as long? ?? 0;
        if (_data.GetValueOrDefault("__state") is not Dictionary<string, object?> state
            || state.GetValueOrDefault("tasks") is not Dictionary<string, object?> tasks
            || tasks.GetValueOrDefault($"{taskId}__r{route}") is not long index
            || state.GetValueOrDefault("sequence") is not List<object?> sequence
            || sequence[(int)index] is not Dictionary<string, object?> entry)
        {
            return "null";
        }

        return entry.GetValueOrDefault("status") as string ?? "null";
    }

    public string? CurrentTaskId => CurrentTask?.GetValueOrDefault("id") as string;

    public long CurrentRoute => CurrentTask?.GetValueOrDefault("route") as long? ?? 0;

    // The YAQL golden set has no task() cases with execution records (they need st2's database).
    public object? Task(string taskId, long? route) => null;
}
