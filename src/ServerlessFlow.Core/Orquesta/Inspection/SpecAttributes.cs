using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>The attribute values orquesta's spec classes expose to inspection (after inline
/// parameters are parsed), in their schema order.</summary>
internal static class SpecAttributes
{
    /// <summary>delay, join, with, action, input, retry, next of a task.</summary>
    public static IEnumerable<(string Name, object? Value)> Task(TaskSpec task)
    {
        var raw = task.Raw;
        yield return ("delay", raw.GetValueOrDefault("delay"));
        yield return ("join", raw.GetValueOrDefault("join"));
        var with = raw.GetValueOrDefault("with");
        yield return ("with", with is string items ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = items } : with);
        yield return ("action", task.Action ?? raw.GetValueOrDefault("action"));
        yield return ("input", task.Input);
        yield return ("retry", raw.GetValueOrDefault("retry"));
        yield return ("next", raw.GetValueOrDefault("next"));
    }

    /// <summary>when, publish, do of a transition.</summary>
    public static IEnumerable<(string Name, object? Value)> Transition(TaskSpec task, TaskTransitionSpec transition)
    {
        var raw = (task.Raw.GetValueOrDefault("next") as List<object?>)?.ElementAtOrDefault(transition.Index) as Dictionary<string, object?> ?? [];
        yield return ("when", raw.GetValueOrDefault("when"));
        object? publish = raw.GetValueOrDefault("publish");
        if (publish is string text && text.Length > 0)
        {
            publish = InlineParameters.Parse(text)
                .Select(p => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { [p.Key] = p.Value })
                .ToList();
        }

        yield return ("publish", publish);
        var doValue = raw.GetValueOrDefault("do");
        yield return ("do", Conducting.WorkflowConductor.Truthy(doValue) ? doValue : EngineCommands.Continue);
    }
}
