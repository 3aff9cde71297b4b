using System.Globalization;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>orquesta's <c>WorkflowSpec.inspect()</c>: syntax (schema), semantics, expressions and
/// context errors, each with a spec path and a schema path.</summary>
public static class WorkflowInspector
{
    private const string TaskSchema = @"properties.tasks.patternProperties.^\w+$";

    /// <summary>Inspects <paramref name="spec"/>. <paramref name="expressions"/> checks expression syntax
    /// (skipped when null); <paramref name="appContext"/> names variables the application provides (st2's <c>st2</c>, <c>parent</c>).</summary>
    public static WorkflowInspection Inspect(WorkflowSpec spec, IWorkflowExpressionEvaluator? expressions, IEnumerable<string>? appContext = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = new Dictionary<string, IReadOnlyList<InspectionError>>(StringComparer.Ordinal);
        void Add(string category, IEnumerable<InspectionError> errors)
        {
            var sorted = errors.OrderBy(e => e.SchemaPath ?? string.Empty, StringComparer.Ordinal).ThenBy(e => e.SpecPath ?? string.Empty, StringComparer.Ordinal).ToList();
            if (sorted.Count > 0)
            {
                result[category] = sorted;
            }
        }

        Add(InspectionCategories.Syntax, InspectSyntax(spec));
        Add(InspectionCategories.Semantics, InspectSemantics(spec));
        if (expressions is not null)
        {
            Add(InspectionCategories.Expressions, InspectExpressions(spec, expressions));
        }

        Add(InspectionCategories.Context, ContextInspector.Inspect(spec, appContext?.ToList() ?? []));
        return new WorkflowInspection(result);
    }

    private static string JoinPath(IEnumerable<object> parts)
    {
        var path = string.Empty;
        foreach (var part in parts)
        {
            path += part is int i ? "[" + i.ToString(CultureInfo.InvariantCulture) + "]" : path.Length > 0 ? "." + part : (string)part;
        }

        return path;
    }

    private static List<InspectionError> InspectSyntax(WorkflowSpec spec)
    {
        var raw = Values.PlainValues.DeepClone(spec.Raw);
        if (raw is Dictionary<string, object?> root && root.GetValueOrDefault("tasks") is Dictionary<string, object?> tasks)
        {
            foreach (var task in tasks.Values.OfType<Dictionary<string, object?>>())
            {
                if (task.GetValueOrDefault("with") is string items)
                {
                    task["with"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = items };
                }
            }
        }

        return SchemaValidator.Validate(raw, WorkflowSchema.Root)
            .Select(e => new InspectionError(e.Message, NullIfEmpty(JoinPath(e.Path)), NullIfEmpty(JoinPath(e.SchemaPath))))
            .ToList();
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static IEnumerable<string> DoNames(TaskTransitionSpec transition) => transition.Do;

    private static List<InspectionError> InspectSemantics(WorkflowSpec spec)
    {
        var errors = new List<InspectionError>();
        if (spec.TaskNames.Count == 0)
        {
            return errors;
        }

        foreach (var name in spec.TaskNames.Where(EngineCommands.IsCommand))
        {
            errors.Add(new InspectionError($"The task name \"{name}\" is reserved with special function.", "tasks." + name, TaskSchema));
        }

        var starts = spec.GetStartTasks();
        if (starts.Count == 0)
        {
            errors.Add(new InspectionError(
                "Unable to identify any tasks to start the workflow. If the workflow has a loop, please add a task that serves as an entry point (or lead) into the loop.",
                "tasks",
                "properties.tasks"));
        }

        // Undefined tasks named in transitions, found by walking from the start tasks.
        var traversed = new HashSet<string>(StringComparer.Ordinal);
        var queued = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(starts);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            traversed.Add(name);
            var task = spec.GetTask(name);
            foreach (var transition in task.Next)
            {
                foreach (var next in DoNames(transition))
                {
                    if (traversed.Contains(next))
                    {
                        continue;
                    }

                    if (spec.HasTask(next))
                    {
                        if (!EngineCommands.IsCommand(next) && queued.Add(next))
                        {
                            queue.Enqueue(next);
                        }
                    }
                    else
                    {
                        errors.Add(new InspectionError(
                            $"The task \"{next}\" is not defined.",
                            $"tasks.{name}.next[{transition.Index.ToString(CultureInfo.InvariantCulture)}].do",
                            TaskSchema + ".properties.next.items.properties.do"));
                    }
                }
            }
        }

        errors.AddRange(UnreachableJoins(spec, starts));
        foreach (var name in spec.TaskNames)
        {
            var task = spec.Tasks[name];
            if (task.HasItems && string.IsNullOrEmpty(task.Action))
            {
                errors.Add(new InspectionError("The action property is required for with items task.", "tasks." + name, TaskSchema));
            }
        }

        return errors;
    }

    private static List<InspectionError> UnreachableJoins(WorkflowSpec spec, IReadOnlyList<string> starts)
    {
        var staging = new Dictionary<string, (bool Join, HashSet<string> Splits, HashSet<string> Prev)>(StringComparer.Ordinal);
        var order = new List<string>();
        var track = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var queue = new Queue<(string? Prev, string Task, List<string> Splits)>();
        foreach (var start in starts)
        {
            queue.Enqueue((null, start, []));
        }

        while (queue.Count > 0)
        {
            var (prev, name, splits) = queue.Dequeue();
            if (!spec.Tasks.ContainsKey(name))
            {
                continue;
            }

            if (spec.IsSplitTask(name) && !spec.InCycle(name))
            {
                splits.Add(name);
            }

            if (!staging.TryGetValue(name, out var meta))
            {
                meta = (spec.IsJoinTask(name), new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
                staging[name] = meta;
                order.Add(name);
            }

            meta.Splits.UnionWith(splits);
            if (prev is not null)
            {
                meta.Prev.Add(prev);
            }

            foreach (var next in spec.GetNextTasks(name))
            {
                if (!staging.ContainsKey(next.Task) || !spec.InCycle(next.Task))
                {
                    var splitId = name + "_" + next.Task;
                    if (track.TryGetValue(splitId, out var existing) && existing.Count > 0)
                    {
                        if (!splits.All(existing.Contains))
                        {
                            queue.Enqueue((name, next.Task, [.. splits]));
                            existing.UnionWith(splits);
                        }
                    }
                    else
                    {
                        queue.Enqueue((name, next.Task, [.. splits]));
                        track[splitId] = new HashSet<string>(splits, StringComparer.Ordinal);
                    }
                }
            }
        }

        var errors = new List<InspectionError>();
        foreach (var name in order)
        {
            var meta = staging[name];
            if (!meta.Join)
            {
                continue;
            }

            if (meta.Prev.Any(p => !meta.Splits.SetEquals(staging[p].Splits)))
            {
                errors.Add(new InspectionError(
                    $"The join task \"{name}\" is unreachable. A join task is determined to be unreachable if there are nested forks from multi-referenced tasks that join on the said task. This is ambiguous to the workflow engine because it does not know at which level should the join occurs.",
                    "tasks." + name,
                    TaskSchema));
            }
        }

        return errors;
    }

    private static List<InspectionError> InspectExpressions(WorkflowSpec spec, IWorkflowExpressionEvaluator expressions)
    {
        var errors = new List<InspectionError>();
        var root = spec.Raw as Dictionary<string, object?> ?? [];
        foreach (var name in new[] { "vars", "input", "output" })
        {
            Validate(root.GetValueOrDefault(name), name, "properties." + name, expressions, errors);
        }

        foreach (var name in spec.TaskNames)
        {
            var task = spec.Tasks[name];
            var path = "tasks." + name;
            foreach (var (property, value) in SpecAttributes.Task(task))
            {
                if (property == "with" && value is Dictionary<string, object?> with)
                {
                    Validate(with.GetValueOrDefault("items"), path + ".with.items", TaskSchema + ".properties.with.properties.items", expressions, errors);
                    Validate(with.GetValueOrDefault("concurrency"), path + ".with.concurrency", TaskSchema + ".properties.with.properties.concurrency", expressions, errors);
                }
                else if (property == "retry" && value is Dictionary<string, object?> retry)
                {
                    foreach (var key in new[] { "when", "count", "delay" })
                    {
                        Validate(retry.GetValueOrDefault(key), path + ".retry." + key, TaskSchema + ".properties.retry.properties." + key, expressions, errors);
                    }
                }
                else if (property != "next")
                {
                    Validate(value, path + "." + property, TaskSchema + ".properties." + property, expressions, errors);
                }
            }

            foreach (var transition in task.Next)
            {
                var tpath = $"{path}.next[{transition.Index.ToString(CultureInfo.InvariantCulture)}]";
                foreach (var (property, value) in SpecAttributes.Transition(task, transition))
                {
                    Validate(value, tpath + "." + property, TaskSchema + ".properties.next.items.properties." + property, expressions, errors);
                }
            }
        }

        return errors;
    }

    private static void Validate(object? value, string specPath, string schemaPath, IWorkflowExpressionEvaluator expressions, List<InspectionError> errors)
    {
        switch (value)
        {
            case Dictionary<string, object?> dict:
                foreach (var (k, v) in dict)
                {
                    Validate(k, specPath, schemaPath, expressions, errors);
                    Validate(v, specPath, schemaPath, expressions, errors);
                }

                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    Validate(item, specPath, schemaPath, expressions, errors);
                }

                break;
            case string text:
                var yaql = ExpressionVariables.HasYaql(text);
                var jinja = ExpressionVariables.HasJinja(text);
                if (yaql && jinja)
                {
                    errors.Add(new InspectionError("Expression with multiple types is not supported.", specPath, schemaPath, null, text));
                }
                else if (yaql || jinja)
                {
                    foreach (var error in expressions.Validate(text))
                    {
                        errors.Add(new InspectionError(error.Message, specPath, schemaPath, yaql ? "yaql" : "jinja", string.IsNullOrEmpty(error.Expression) ? text : error.Expression));
                    }
                }

                break;
            default:
                break;
        }
    }
}
