using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Expressions.Functions;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Actions;

/// <summary>
/// StackStorm's notifier for an action's <c>notify</c> (<c>on-complete</c>, <c>on-success</c>, <c>on-failure</c>):
/// one <c>core.st2.generic.notifytrigger</c> payload per route of each subsection that applies to the completed
/// execution, with <c>message</c> and <c>data</c> rendered as Jinja over <c>action_parameters</c>,
/// <c>action_context</c>, <c>action_results</c> and <c>st2kv</c> (st2actions/notifier/notifier.py).
/// </summary>
public static class ActionNotifications
{
    /// <summary>The trigger type of notifications.</summary>
    public const string NotifyTrigger = "core.st2.generic.notifytrigger";

    /// <summary>The payloads to dispatch for <paramref name="execution"/> (completed) under <paramref name="notify"/>.</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Payloads(
        ExecutionState execution, IReadOnlyDictionary<string, object?> notify, ExpressionEngine engine, IKeyValueLookup? keyValues, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(notify);
        ArgumentNullException.ThrowIfNull(engine);
        var payloads = new List<Dictionary<string, object?>>();
        Add(payloads, execution, notify.GetValueOrDefault("on-complete"), "completed.", engine, keyValues, now);
        if (execution.Status == ExecutionStatus.Succeeded)
        {
            Add(payloads, execution, notify.GetValueOrDefault("on-success"), "succeeded.", engine, keyValues, now);
        }

        // st2's LIVEACTION_FAILED_STATES.
        if (execution.Status is ExecutionStatus.Failed or ExecutionStatus.Timeout or ExecutionStatus.Abandoned)
        {
            Add(payloads, execution, notify.GetValueOrDefault("on-failure"), "failed.", engine, keyValues, now);
        }

        return payloads;
    }

    private static void Add(
        List<Dictionary<string, object?>> payloads,
        ExecutionState execution,
        object? subsection,
        string defaultSuffix,
        ExpressionEngine engine,
        IKeyValueLookup? keyValues,
        DateTimeOffset now)
    {
        if (subsection is not Dictionary<string, object?> settings)
        {
            return;
        }

        List<string> routes = Strings(settings.GetValueOrDefault("routes"));
        if (routes.Count == 0)
        {
            routes = Strings(settings.GetValueOrDefault("channels"));
        }

        if (routes.Count == 0)
        {
            return;
        }

        var context = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["action_parameters"] = PlainValues.DeepClone(execution.Parameters),
            ["action_context"] = execution.ToPlain().GetValueOrDefault("context"),
            ["action_results"] = PlainValues.DeepClone(execution.Result),
        };
        var scope = new ExpressionScope(context) { KeyValues = keyValues };
        string message = settings.GetValueOrDefault("message") is string { Length: > 0 } given
            ? given
            : "Action " + execution.Action + " " + defaultSuffix;
        object? renderedMessage = Render(engine, message, scope);
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (settings.GetValueOrDefault("data") is Dictionary<string, object?> declared)
        {
            foreach ((string key, object? value) in declared)
            {
                data[key] = value is string text ? Render(engine, text, scope) : PlainValues.DeepClone(value);
            }
        }

        // As st2 does: the result as a JSON string (Python's json.dumps), so rules see text, not structure.
        data["result"] = PythonJson.Dumps(execution.Result);
        foreach (string route in routes)
        {
            payloads.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["message"] = renderedMessage,
                ["data"] = PlainValues.DeepClone(data),
                ["execution_id"] = execution.Id,
                ["status"] = execution.Status.ToApiName(),
                ["start_timestamp"] = PlainRecord.FormatTimestamp(execution.StartTimestamp),
                ["end_timestamp"] = PlainRecord.FormatTimestamp(execution.EndTimestamp ?? now),
                ["action_ref"] = execution.Action,
                ["runner_ref"] = execution.Runner,
                ["route"] = route,
                ["channel"] = route,
            });
        }
    }

    /// <summary>Renders like st2's notifier: a template that fails to render is sent as written.</summary>
    private static object? Render(ExpressionEngine engine, string text, ExpressionScope scope)
    {
        try
        {
            return engine.EvaluateJinja(text, scope);
        }
        catch (ExpressionException)
        {
            return text;
        }
    }

    private static List<string> Strings(object? value) =>
        value is List<object?> list ? list.OfType<string>().Where(s => s.Length > 0).ToList() : [];
}
