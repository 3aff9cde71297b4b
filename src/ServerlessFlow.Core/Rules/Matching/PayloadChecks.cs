namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>Checks that keep evaluation safe on hostile payloads.</summary>
public static class PayloadChecks
{
    /// <summary>How deeply a value nests (a scalar is 0), measured without recursion; stops counting past <paramref name="limit"/>.</summary>
    public static int Depth(object? value, int limit)
    {
        var stack = new Stack<(object? Value, int Depth)>();
        stack.Push((value, 0));
        var max = 0;
        while (stack.Count > 0)
        {
            var (current, depth) = stack.Pop();
            if (depth > max)
            {
                max = depth;
                if (max > limit)
                {
                    return max;
                }
            }

            switch (current)
            {
                case Dictionary<string, object?> dict:
                    foreach (var child in dict.Values)
                    {
                        if (child is Dictionary<string, object?> or List<object?>)
                        {
                            stack.Push((child, depth + 1));
                        }
                    }

                    break;
                case List<object?> list:
                    foreach (var child in list)
                    {
                        if (child is Dictionary<string, object?> or List<object?>)
                        {
                            stack.Push((child, depth + 1));
                        }
                    }

                    break;
            }
        }

        return max;
    }

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
