namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>Tuple unpacking for <c>for a, b in …</c> and <c>set a, b = …</c>.</summary>
internal static class JinjaAssign
{
    public static void Unpack(JinjaTemplateContext context, List<string> targets, object? value)
    {
        var items = JinjaValues.Iterate(value);
        if (items.Count != targets.Count)
        {
            throw JinjaRuntimeException.Value(items.Count < targets.Count
                ? $"not enough values to unpack (expected {targets.Count}, got {items.Count})"
                : $"too many values to unpack (expected {targets.Count})");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            context.SetLocal(targets[i], items[i]);
        }
    }
}
