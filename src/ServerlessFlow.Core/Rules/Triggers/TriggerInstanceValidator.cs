using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Core.Rules.Triggers;

/// <summary>What a sensor checks before it emits a trigger instance: the trigger type exists, the payload
/// fits its schema and is not nested too deeply. Every violation is returned with its reason.</summary>
public static class TriggerInstanceValidator
{
    /// <summary>Validates an instance against the known trigger types (built-in plus <paramref name="packTypes"/>).</summary>
    public static IReadOnlyList<string> Validate(TriggerInstance instance, IReadOnlyDictionary<string, TriggerTypeDescriptor>? packTypes = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!BuiltInTriggerTypes.TryGet(instance.TriggerType, out var type) && (packTypes is null || !packTypes.TryGetValue(instance.TriggerType, out type)))
        {
            return [$"trigger type {instance.TriggerType} does not exist"];
        }

        if (instance.Payload is Dictionary<string, object?> or List<object?>
            && PayloadChecks.Depth(instance.Payload, RuleLimits.MaxPayloadDepth) > RuleLimits.MaxPayloadDepth)
        {
            return [$"payload: nested more than {RuleLimits.MaxPayloadDepth} levels deep"];
        }

        var problems = new List<string>(type.ValidatePayload(instance.Payload));
        if (instance.TriggerParameters is not null)
        {
            problems.AddRange(type.ValidateParameters(instance.TriggerParameters.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)));
        }

        return problems;
    }
}
