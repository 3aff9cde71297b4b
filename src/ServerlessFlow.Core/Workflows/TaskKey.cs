using System.Globalization;

namespace ServerlessFlow.Core.Workflows;

/// <summary>One action run inside a workflow: task id, route, and item index for with-items tasks.</summary>
/// <param name="TaskId">The task's name in the workflow.</param>
/// <param name="Route">Orquesta's route number (0 unless the task runs on several routes).</param>
/// <param name="ItemId">The item index of a with-items task, else null.</param>
public sealed record TaskKey(string TaskId, long Route, int? ItemId = null)
{
    /// <summary>A stable text form (<c>task</c>, <c>task__r1</c>, <c>task[3]</c>) for ids and logs.</summary>
    public override string ToString()
    {
        string text = Route > 0 ? string.Create(CultureInfo.InvariantCulture, $"{TaskId}__r{Route}") : TaskId;
        return ItemId is { } item ? string.Create(CultureInfo.InvariantCulture, $"{text}[{item}]") : text;
    }
}
