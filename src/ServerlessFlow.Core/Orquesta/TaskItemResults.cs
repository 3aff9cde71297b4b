using System.Globalization;

namespace ServerlessFlow.Core.Orquesta;

/// <summary>
/// The results of with-items actions, per task and route, in item order (null where an item has not finished): what the
/// task's <c>result()</c> is once all items end. The one place that knows where item results live — today inside the
/// engine's saved state under <c>items</c> (<c>{"task__r0": [result, …]}</c>), so each item's result is carried in every
/// later state. Keeping them outside the state (appended to a store as they arrive, read once when the task ends) is a
/// change to this class and its callers in <see cref="OrquestaWorkflowEngine"/> only.
/// </summary>
public sealed class TaskItemResults
{
    internal TaskItemResults(Dictionary<string, object?> value) => Value = value;

    /// <summary>The plain value kept in the engine state.</summary>
    public Dictionary<string, object?> Value { get; }

    /// <summary>Reads the saved value (absent: none yet).</summary>
    public static TaskItemResults From(object? saved) =>
        new(saved as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal));

    /// <summary>Notes an item's status; a finished item's result is kept. Returns the task's item results so far.</summary>
    public IReadOnlyList<object?> Record(string taskId, long route, int itemId, bool finished, object? result)
    {
        string name = taskId + "__r" + route.ToString(CultureInfo.InvariantCulture);
        var accumulated = Value.GetValueOrDefault(name) as List<object?> ?? [];
        while (accumulated.Count <= itemId)
        {
            accumulated.Add(null);
        }

        if (finished)
        {
            accumulated[itemId] = result;
        }

        Value[name] = accumulated;
        return accumulated;
    }
}
