namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Jinja's <c>namespace()</c>: a mutable bag that <c>{% set ns.x = … %}</c> can change from inside loops.</summary>
internal sealed class JinjaNamespace
{
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);
}
