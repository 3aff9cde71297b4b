namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>Checks that keep evaluation safe on hostile payloads.</summary>
public static class PayloadChecks
{
    /// <summary>How deeply a value nests (see <see cref="Values.PlainValues.Depth"/>).</summary>
    public static int Depth(object? value, int limit) => Values.PlainValues.Depth(value, limit);

    /// <summary>Throws <see cref="TriggerInstanceException"/> when the payload nests deeper than <see cref="RuleLimits.MaxPayloadDepth"/>.</summary>
    public static void EnsureDepth(object? payload, string instanceId)
    {
        if (payload is not (Dictionary<string, object?> or List<object?>))
        {
            return;
        }

        if (Depth(payload, RuleLimits.MaxPayloadDepth) > RuleLimits.MaxPayloadDepth)
        {
            throw new TriggerInstanceException(
                $"trigger instance {instanceId}: the payload is nested more than {RuleLimits.MaxPayloadDepth} levels deep; it is rejected rather than evaluated");
        }
    }
}
