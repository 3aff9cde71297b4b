namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>One item of a task's <c>next</c>: a condition, what to publish, and the tasks to run.</summary>
public sealed class TaskTransitionSpec
{
    internal TaskTransitionSpec(int index, string? when, object? rawPublish, List<KeyValuePair<string, object?>> publish, object? rawDo, List<string> doTasks)
    {
        Index = index;
        When = when;
        RawPublish = rawPublish;
        Publish = publish;
        RawDo = rawDo;
        Do = doTasks;
    }

    /// <summary>Position in the task's <c>next</c> list.</summary>
    public int Index { get; }

    /// <summary>The <c>when</c> expression, or null (always).</summary>
    public string? When { get; }

    /// <summary>The <c>publish</c> value as written (string of inline parameters or list of one-key dicts).</summary>
    public object? RawPublish { get; }

    /// <summary>Variables to publish, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Publish { get; }

    /// <summary>The <c>do</c> value as written (null when absent).</summary>
    public object? RawDo { get; }

    /// <summary>The tasks or engine commands to run; <c>continue</c> when <c>do</c> is absent.</summary>
    public IReadOnlyList<string> Do { get; }
}
