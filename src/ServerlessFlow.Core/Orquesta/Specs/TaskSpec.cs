namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>One task of an Orquesta workflow: action, input, join, with-items, retry, delay and transitions.</summary>
public sealed class TaskSpec
{
    internal TaskSpec(string name, Dictionary<string, object?> raw)
    {
        Name = name;
        Raw = raw;
        var action = raw.GetValueOrDefault("action") as string;
        Input = raw.GetValueOrDefault("input");
        if (action is not null)
        {
            var inline = InlineParameters.Parse(action);
            if (inline.Count > 0 && action.Contains(' ', StringComparison.Ordinal))
            {
                var input = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in inline)
                {
                    input[key] = value;
                }

                action = action[..action.IndexOf(' ', StringComparison.Ordinal)];
                Input = input;
            }
        }

        Action = action;
        Join = raw.GetValueOrDefault("join");
        Delay = raw.GetValueOrDefault("delay");
        switch (raw.GetValueOrDefault("with"))
        {
            case string items:
                With = new TaskItemsSpec(items, null);
                break;
            case Dictionary<string, object?> with when with.GetValueOrDefault("items") is string items:
                With = new TaskItemsSpec(items, with.GetValueOrDefault("concurrency"));
                break;
            default:
                break;
        }

        if (raw.GetValueOrDefault("retry") is Dictionary<string, object?> retry && retry.Count > 0)
        {
            Retry = new TaskRetrySpec(retry.GetValueOrDefault("when") as string, retry.GetValueOrDefault("count"), retry.GetValueOrDefault("delay"));
        }

        var next = new List<TaskTransitionSpec>();
        if (raw.GetValueOrDefault("next") is List<object?> items2)
        {
            for (var i = 0; i < items2.Count; i++)
            {
                var item = items2[i] as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
                next.Add(ParseTransition(i, item));
            }
        }

        Next = next;
    }

    /// <summary>The task name.</summary>
    public string Name { get; }

    /// <summary>The task's YAML mapping as written.</summary>
    public IReadOnlyDictionary<string, object?> Raw { get; }

    /// <summary>The action reference (inline parameters removed), or null for an action-less task.</summary>
    public string? Action { get; }

    /// <summary>The action input: a dictionary, an expression string, or null.</summary>
    public object? Input { get; }

    /// <summary><c>"all"</c>, a count, or null when the task is not a join.</summary>
    public object? Join { get; }

    /// <summary>Delay in seconds (integer or expression), or null.</summary>
    public object? Delay { get; }

    /// <summary>The with-items spec, or null.</summary>
    public TaskItemsSpec? With { get; }

    /// <summary>The retry spec, or null.</summary>
    public TaskRetrySpec? Retry { get; }

    /// <summary>The transitions in <c>next</c>.</summary>
    public IReadOnlyList<TaskTransitionSpec> Next { get; }

    /// <summary>True when the task is a join (<c>join</c> is set).</summary>
    public bool IsJoin => Join is not null;

    /// <summary>True when the task runs over items.</summary>
    public bool HasItems => With is not null;

    /// <summary>The spec orquesta uses for an engine command ("task" with no action and no transitions).</summary>
    internal static TaskSpec ForCommand(string name) => new(name, new Dictionary<string, object?>(StringComparer.Ordinal));

    private static TaskTransitionSpec ParseTransition(int index, Dictionary<string, object?> raw)
    {
        var when = raw.GetValueOrDefault("when") as string;
        if (string.IsNullOrEmpty(when))
        {
            when = null;
        }

        var rawPublish = raw.GetValueOrDefault("publish");
        var publish = new List<KeyValuePair<string, object?>>();
        switch (rawPublish)
        {
            case string text:
                publish.AddRange(InlineParameters.Parse(text));
                break;
            case List<object?> list:
                foreach (var entry in list)
                {
                    if (entry is Dictionary<string, object?> one && one.Count > 0)
                    {
                        var first = one.First();
                        publish.Add(new KeyValuePair<string, object?>(first.Key, first.Value));
                    }
                }

                break;
            case Dictionary<string, object?> dict:
                foreach (var pair in dict)
                {
                    publish.Add(pair);
                }

                break;
            default:
                break;
        }

        var rawDo = raw.GetValueOrDefault("do");
        var doTasks = new List<string>();
        switch (rawDo)
        {
            case string text when text.Length > 0:
                doTasks.AddRange(text.Split(',').Select(x => x.Trim()));
                break;
            case List<object?> list when list.Count > 0:
                doTasks.AddRange(list.OfType<string>());
                break;
            default:
                doTasks.Add(EngineCommands.Continue);
                break;
        }

        return new TaskTransitionSpec(index, when, rawPublish, publish, rawDo, doTasks);
    }
}
