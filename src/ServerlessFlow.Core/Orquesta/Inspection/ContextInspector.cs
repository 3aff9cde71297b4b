using System.Globalization;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>orquesta's context inspection: walks input, vars, the task graph (each task's delay,
/// with, action and input, then its transitions' when, publish and do) and output, and reports every
/// <c>ctx</c> variable read before it is assigned.</summary>
internal static class ContextInspector
{
    private const string TaskSchema = @"properties.tasks.patternProperties.^\w+$";

    public static List<InspectionError> Inspect(WorkflowSpec spec, List<string> appContext)
    {
        var errors = new List<InspectionError>();
        var rolling = new HashSet<string>(appContext, StringComparer.Ordinal);
        var root = spec.Raw as Dictionary<string, object?> ?? [];
        foreach (var property in new[] { "input", "vars", "tasks", "output" })
        {
            if (property == "tasks")
            {
                if (spec.TaskNames.Count > 0)
                {
                    rolling.UnionWith(InspectTasks(spec, rolling, errors));
                }

                continue;
            }

            InspectProperty(property, root.GetValueOrDefault(property), property, "properties." + property, rolling, isContextInput: true, errors);
        }

        return errors.OrderBy(e => e.SpecPath, StringComparer.Ordinal).ToList();
    }

    private static void InspectProperty(string name, object? value, string specPath, string schemaPath, HashSet<string> rolling, bool isContextInput, List<InspectionError> errors)
    {
        if (!WorkflowConductor.Truthy(value))
        {
            return;
        }

        if (value is string text)
        {
            var inline = InlineParameters.Parse(text);
            if (inline.Count > 0)
            {
                value = inline.Select(p => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { [p.Key] = p.Value }).ToList();
            }
        }

        if (value is List<object?> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                InspectValue(list[i], $"{specPath}[{i.ToString(CultureInfo.InvariantCulture)}]", schemaPath, rolling, isContextInput, errors);
            }

            return;
        }

        InspectValue(value, specPath, schemaPath, rolling, isContextInput, errors);
    }

    private static void InspectValue(object? value, string specPath, string schemaPath, HashSet<string> rolling, bool isContextInput, List<InspectionError> errors)
    {
        foreach (var (type, statement, name) in ExpressionVariables.Extract(value))
        {
            if (name.StartsWith("__", StringComparison.Ordinal))
            {
                errors.Add(new InspectionError($"Variable \"{name}\" that is prefixed with double underscores is considered a private variable and cannot be referenced.", specPath, schemaPath, type, statement));
            }

            if (!rolling.Contains(name))
            {
                errors.Add(new InspectionError($"Variable \"{name}\" is referenced before assignment.", specPath, schemaPath, type, statement));
            }
        }

        if (!isContextInput)
        {
            return;
        }

        switch (value)
        {
            case Dictionary<string, object?> dict:
                rolling.UnionWith(dict.Keys);
                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    if (item is string s)
                    {
                        rolling.Add(s);
                    }
                    else if (item is Dictionary<string, object?> { Count: 1 } one)
                    {
                        rolling.UnionWith(one.Keys);
                    }
                }

                break;
            case string s:
                rolling.Add(s);
                break;
            default:
                break;
        }
    }

    private static HashSet<string> InspectTasks(WorkflowSpec spec, HashSet<string> parentContext, List<InspectionError> errors)
    {
        var joinContexts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var traversed = new HashSet<string>(StringComparer.Ordinal);
        var taskContextMap = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var rolling = new HashSet<string>(parentContext, StringComparer.Ordinal);
        var queue = new Queue<(string Task, HashSet<string>? Context)>();
        foreach (var start in spec.GetStartTasks())
        {
            queue.Enqueue((start, new HashSet<string>(rolling, StringComparer.Ordinal)));
        }

        var taskErrors = new List<InspectionError>();
        while (queue.Count > 0)
        {
            var (name, given) = queue.Dequeue();
            traversed.Add(name);
            var taskContext = given is { Count: > 0 } ? given : new HashSet<string>(joinContexts.GetValueOrDefault(name) ?? [], StringComparer.Ordinal);
            var task = spec.GetTask(name);
            var specPath = "tasks." + name;
            var schemaPath = TaskSchema;

            // A task spec: delay, with (items, concurrency), action, input; nothing is assigned.
            var inner = new List<InspectionError>();
            var ctx = new HashSet<string>(taskContext, StringComparer.Ordinal);
            foreach (var (property, value) in SpecAttributes.Task(task))
            {
                if (property is "join" or "retry" or "next")
                {
                    continue;
                }

                if (property == "with")
                {
                    if (value is Dictionary<string, object?> with && with.Count > 0)
                    {
                        var withErrors = new List<InspectionError>();
                        foreach (var key in new[] { "items", "concurrency" })
                        {
                            InspectProperty(key, with.GetValueOrDefault(key), specPath + ".with." + key, schemaPath + ".properties.with.properties." + key, ctx, false, withErrors);
                        }

                        inner.AddRange(withErrors.OrderBy(e => e.SpecPath, StringComparer.Ordinal));
                    }

                    continue;
                }

                InspectProperty(property, value, specPath + "." + property, schemaPath + ".properties." + property, ctx, false, inner);
            }

            taskErrors.AddRange(inner.OrderBy(e => e.SpecPath, StringComparer.Ordinal));
            rolling.UnionWith(taskContext);

            foreach (var transition in task.Next)
            {
                var index = transition.Index.ToString(CultureInfo.InvariantCulture);
                var transitionErrors = new List<InspectionError>();
                var branch = new HashSet<string>(taskContext, StringComparer.Ordinal);
                foreach (var (property, value) in SpecAttributes.Transition(task, transition))
                {
                    InspectProperty(property, value, $"{specPath}.next[{index}].{property}", schemaPath + ".properties.next.items.properties." + property, branch, property == "publish", transitionErrors);
                }

                var sortedTransitionErrors = transitionErrors.OrderBy(e => e.SpecPath, StringComparer.Ordinal).ToList();
                foreach (var next in transition.Do)
                {
                    taskErrors.AddRange(sortedTransitionErrors);
                    if (traversed.Contains(next) || !spec.HasTask(next))
                    {
                        continue;
                    }

                    if (!spec.GetTask(next).IsJoin)
                    {
                        if (!taskContextMap.TryGetValue(next, out var known) || !known.SetEquals(branch))
                        {
                            queue.Enqueue((next, new HashSet<string>(branch, StringComparer.Ordinal)));
                            taskContextMap[next] = new HashSet<string>(branch, StringComparer.Ordinal);
                        }
                    }
                    else
                    {
                        if (!joinContexts.TryGetValue(next, out var join))
                        {
                            join = new HashSet<string>(StringComparer.Ordinal);
                            joinContexts[next] = join;
                        }

                        join.UnionWith(branch);
                        queue.Enqueue((next, null));
                    }
                }
            }
        }

        errors.AddRange(taskErrors);
        return rolling;
    }
}
