using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Rules.Parameters;

/// <summary>What action parameter templates can read besides each other.</summary>
/// <param name="TriggerPayload">The trigger instance payload (<c>trigger</c>).</param>
/// <param name="ActionContext">The execution context (<c>action_context</c>: trigger_instance, rule, user, pack).</param>
/// <param name="ConfigContext">The pack configuration (<c>config_context</c>).</param>
/// <param name="KeyValues">The key-value store for <c>st2kv.system.*</c> / <c>st2kv.user.*</c>; null when none.</param>
/// <param name="ConfigSecrets">The configuration items the pack's schema marks <c>secret</c>: a parameter rendered from one
/// (or from a parameter that was) is a secret too, and is masked wherever the parameters are stored.</param>
public sealed record ParameterContext(
    object? TriggerPayload,
    IReadOnlyDictionary<string, object?> ActionContext,
    IReadOnlyDictionary<string, object?> ConfigContext,
    IKeyValueLookup? KeyValues,
    IReadOnlyCollection<string>? ConfigSecrets = null);
