using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>Reads a trigger instance in StackStorm's shape: <c>{"trigger": "&lt;type ref&gt;", "payload": {...}}</c>,
/// optionally with <c>id</c> and (ServerlessFlow) <c>parameters</c> (the trigger's parameters, e.g. the webhook url).</summary>
public static class TriggerInstanceDocument
{
    /// <summary>The id StackStorm's rule tester gives instances read from a file.</summary>
    public const string TesterInstanceId = "rule_tester_instance";

    /// <summary>Parses a plain value; throws <see cref="TriggerInstanceException"/> naming the field that is wrong.</summary>
    public static TriggerInstance Parse(object? document)
    {
        if (document is not Dictionary<string, object?> root)
        {
            throw new TriggerInstanceException($"a trigger instance must be a mapping with 'trigger' and 'payload', not {PlainValues.JsonTypeName(document)}");
        }

        if (root.GetValueOrDefault("trigger") is not string trigger || trigger.Length == 0)
        {
            throw new TriggerInstanceException("the trigger instance has no 'trigger' (the trigger type ref, e.g. core.st2.webhook)");
        }

        var id = root.GetValueOrDefault("id") switch
        {
            null => TesterInstanceId,
            string s => s,
            var other => throw new TriggerInstanceException($"the trigger instance 'id' must be a string, not {PlainValues.JsonTypeName(other)}"),
        };
        var parameters = root.GetValueOrDefault("parameters") switch
        {
            null => null,
            Dictionary<string, object?> d => d,
            var other => throw new TriggerInstanceException($"the trigger instance 'parameters' must be a mapping, not {PlainValues.JsonTypeName(other)}"),
        };
        var payload = root.TryGetValue("payload", out var p) ? p : new Dictionary<string, object?>(StringComparer.Ordinal);
        return new TriggerInstance(id, trigger, parameters, payload);
    }
}
