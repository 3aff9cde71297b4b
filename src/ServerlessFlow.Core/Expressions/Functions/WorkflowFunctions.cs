using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Functions;

/// <summary>
/// Orquesta's expression functions (<c>orquesta/expressions/functions/{common,workflow}.py</c>):
/// ctx, result, succeeded, failed, completed, task_status, item, json, zip; and st2's task and
/// st2kv. They read workflow state through <see cref="ExpressionScope.Workflow"/>.
/// </summary>
public static class WorkflowFunctions
{
    /// <summary>Orquesta's status for an unknown task.</summary>
    public const string UnsetStatus = "null";

    private static readonly HashSet<string> CompletedStatuses = new(StringComparer.Ordinal)
    {
        "succeeded", "failed", "expired", "abandoned", "canceled",
    };

    /// <summary>Adds every workflow function to <paramref name="registry"/>.</summary>
    public static void Register(ExpressionFunctionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add("ctx", Ctx);
        registry.Add("result", call => CurrentTask(call).CurrentTaskResult);
        registry.Add("succeeded", call => CurrentStatus(call) == "succeeded");
        registry.Add("failed", call => CurrentStatus(call) == "failed");
        registry.Add("completed", call => CompletedStatuses.Contains(CurrentStatus(call) ?? string.Empty));
        registry.Add("task_status", TaskStatus);
        registry.Add("item", Item);
        registry.Add("json", Json);
        registry.Add("zip", Zip);
        registry.Add("task", Task);
        registry.Add("st2kv", St2Kv);
    }

    /// <summary>The variables <c>ctx()</c> sees: the workflow's, or the scope data outside a workflow.</summary>
    public static IReadOnlyDictionary<string, object?> Variables(ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Workflow is { } workflow)
        {
            return workflow.Variables;
        }

        return scope.Data as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    private static object? Ctx(FunctionCall call)
    {
        var variables = Variables(call.Scope);
        var key = OptionalString(call, 0, "key");
        if (string.IsNullOrEmpty(key))
        {
            var visible = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, value) in variables)
            {
                if (!name.StartsWith("__", StringComparison.Ordinal))
                {
                    visible[name] = value;
                }
            }

            return visible;
        }

        if (!variables.TryGetValue(key, out var found))
        {
            throw new ExpressionException(
                ExpressionErrorKind.Undefined,
                $"VariableUndefinedError: The variable \"{key}\" is undefined.",
                string.Empty,
                0);
        }

        if (key.StartsWith("__", StringComparison.Ordinal))
        {
            throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                $"VariableInaccessibleError: The variable \"{key}\" is for internal use and inaccessible.",
                string.Empty,
                0);
        }

        return found;
    }

    private static IWorkflowFunctionHost CurrentTask(FunctionCall call)
    {
        var workflow = call.Scope.Workflow;
        if (workflow is null || workflow.CurrentTaskStatus is null)
        {
            throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                "ExpressionEvaluationException: The current task is not set in the context.",
                string.Empty,
                0);
        }

        return workflow;
    }

    private static string? CurrentStatus(FunctionCall call) => CurrentTask(call).CurrentTaskStatus;

    private static object? TaskStatus(FunctionCall call)
    {
        var taskId = RequiredString(call, 0, "task_id");
        long? route = null;
        var routeArg = Argument(call, 1, "route");
        if (routeArg is long r)
        {
            route = r;
        }
        else if (routeArg is not null)
        {
            throw new ExpressionException(ExpressionErrorKind.Evaluation, "task_status: route must be an integer.", string.Empty, 0);
        }

        return call.Scope.Workflow is { } workflow ? workflow.TaskStatus(taskId, route) : UnsetStatus;
    }

    private static object? Item(FunctionCall call)
    {
        var workflow = call.Scope.Workflow;
        if (workflow is null || !workflow.HasCurrentItem)
        {
            throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                "ExpressionEvaluationException: The current item is not set in the context.",
                string.Empty,
                0);
        }

        var key = OptionalString(call, 0, "key");
        var item = workflow.CurrentItem;
        if (string.IsNullOrEmpty(key))
        {
            return item;
        }

        if (item is not Dictionary<string, object?> named)
        {
            throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                "ExpressionEvaluationException: Item is not type of collections.abc.Mapping.",
                string.Empty,
                0);
        }

        if (!named.TryGetValue(key, out var value))
        {
            throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                $"ExpressionEvaluationException: Item does not have key \"{key}\".",
                string.Empty,
                0);
        }

        return value;
    }

    private static object? Json(FunctionCall call)
    {
        var value = Argument(call, 0, "s");
        if (value is Dictionary<string, object?>)
        {
            return value;
        }

        if (value is not string text)
        {
            throw new ExpressionException(ExpressionErrorKind.Evaluation, "TypeError: Given object is not typeof string.", string.Empty, 0);
        }

        if (!JsonText.TryParse(text, out var parsed, out var error))
        {
            throw new ExpressionException(ExpressionErrorKind.Evaluation, "JSONDecodeError: " + error, string.Empty, 0);
        }

        return parsed;
    }

    private static object? Zip(FunctionCall call)
    {
        var lists = new List<List<object?>>();
        foreach (var argument in call.Arguments)
        {
            lists.Add(argument switch
            {
                null => [],
                List<object?> list => list,
                string s => s.Select(c => (object?)c.ToString()).ToList(),
                Dictionary<string, object?> dict => dict.Keys.Select(k => (object?)k).ToList(),
                _ => throw new ExpressionException(
                    ExpressionErrorKind.Evaluation,
                    $"TypeError: '{PlainValues.JsonTypeName(argument)}' object is not iterable",
                    string.Empty,
                    0),
            });
        }

        if (lists.Count == 1)
        {
            return call.Arguments[0] ?? new List<object?>();
        }

        call.NamedArguments.TryGetValue("pad", out var pad);
        var length = lists.Count == 0 ? 0 : lists.Max(l => l.Count);
        if (length > call.Limits.MaxIterations)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, "zip: the result would exceed the iteration limit.", string.Empty, 0);
        }

        var result = new List<object?>(length);
        for (var i = 0; i < length; i++)
        {
            var tuple = new List<object?>(lists.Count);
            foreach (var list in lists)
            {
                tuple.Add(i < list.Count ? list[i] : pad);
            }

            result.Add(tuple);
        }

        return result;
    }

    private static object? Task(FunctionCall call)
    {
        // st2: task(task_id=None, route=None); no id means the current task, no route the current route.
        var workflow = call.Scope.Workflow;
        var taskId = OptionalString(call, 0, "task_id") ?? workflow?.CurrentTaskId
            ?? throw new ExpressionException(ExpressionErrorKind.Evaluation, "KeyError: 'id' (task() needs a task id outside a task)", string.Empty, 0);
        long? route = Argument(call, 1, "route") switch
        {
            null => null,
            long r => r,
            var other => throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                $"task: route must be an integer, not {PlainValues.JsonTypeName(other)}.",
                string.Empty,
                0),
        };
        var record = workflow?.Task(taskId, route);
        if (record is null)
        {
            throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                $"ExpressionEvaluationException: Unable to find task execution for \"{taskId}\".",
                string.Empty,
                0);
        }

        return record;
    }

    private static object? St2Kv(FunctionCall call)
    {
        var key = RequiredString(call, 0, "key");
        var decrypt = Argument(call, 1, "decrypt") is true;
        var hasDefault = call.NamedArguments.TryGetValue("default", out var fallback);
        var lookup = call.Scope.KeyValues;
        // st2's st2kv() reads "system.x" / "user.x"; a bare key is looked up in the user scope first, then system.
        var (scope, name) = SplitScope(key);
        if (lookup is not null)
        {
            if (scope is not null)
            {
                if (lookup.TryGet(scope, name, decrypt, out var value))
                {
                    return value;
                }
            }
            else if (lookup.TryGet("user", name, decrypt, out var userValue))
            {
                return userValue;
            }
            else if (lookup.TryGet("system", name, decrypt, out var systemValue))
            {
                return systemValue;
            }
        }

        if (hasDefault)
        {
            return fallback;
        }

        throw new ExpressionException(
            ExpressionErrorKind.Undefined,
            $"Key \"{key}\" does not exist in the datastore.",
            string.Empty,
            0);
    }

    private static (string? Scope, string Name) SplitScope(string key)
    {
        foreach (var scope in new[] { "system", "user" })
        {
            if (key.StartsWith(scope + ".", StringComparison.Ordinal))
            {
                return (scope, key[(scope.Length + 1)..]);
            }
        }

        return (null, key);
    }

    private static object? Argument(FunctionCall call, int index, string name)
    {
        if (index < call.Arguments.Count)
        {
            return call.Arguments[index];
        }

        return call.NamedArguments.TryGetValue(name, out var value) ? value : null;
    }

    private static string? OptionalString(FunctionCall call, int index, string name)
    {
        var value = Argument(call, index, name);
        return value switch
        {
            null => null,
            string s => s,
            _ => throw new ExpressionException(
                ExpressionErrorKind.Evaluation,
                $"{call.Name}: argument '{name}' must be a string, not {PlainValues.JsonTypeName(value)}.",
                string.Empty,
                0),
        };
    }

    private static string RequiredString(FunctionCall call, int index, string name) =>
        OptionalString(call, index, name)
        ?? throw new ExpressionException(
            ExpressionErrorKind.Evaluation,
            $"{call.Name}() missing required argument '{name}'.",
            string.Empty,
            0);
}
