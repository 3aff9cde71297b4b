namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>What enforcing a rule needs to know about its action.</summary>
/// <param name="Ref">The action ref.</param>
/// <param name="Pack">The action's pack (for <c>action_context.pack</c>).</param>
/// <param name="ParameterSchemas">The action's effective parameters (runner's overlaid by the action's): name → schema attributes.</param>
/// <param name="Config">The pack's configuration (<c>config_context</c>); empty when none.</param>
/// <param name="LoadConfig">Reads the pack's configuration at enforcement time instead (it may read the key-value store and
/// decrypt secrets, so it is called only when a parameter template names <c>config_context</c>); throws
/// <see cref="Parameters.ParameterException"/> when the configuration is not valid. Null: <paramref name="Config"/> is it.</param>
/// <param name="ConfigSecrets">The configuration items the pack's schema marks <c>secret</c> (parameters read from them are masked).</param>
public sealed record RuleActionInfo(
    string Ref,
    string Pack,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> ParameterSchemas,
    IReadOnlyDictionary<string, object?> Config,
    Func<IReadOnlyDictionary<string, object?>>? LoadConfig = null,
    IReadOnlyCollection<string>? ConfigSecrets = null);
