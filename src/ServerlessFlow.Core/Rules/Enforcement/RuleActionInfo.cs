namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>What enforcing a rule needs to know about its action.</summary>
/// <param name="Ref">The action ref.</param>
/// <param name="Pack">The action's pack (for <c>action_context.pack</c>).</param>
/// <param name="ParameterSchemas">The action's effective parameters (runner's overlaid by the action's): name → schema attributes.</param>
/// <param name="Config">The pack's configuration (<c>config_context</c>); empty when none.</param>
public sealed record RuleActionInfo(
    string Ref,
    string Pack,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> ParameterSchemas,
    IReadOnlyDictionary<string, object?> Config);
