namespace ServerlessFlow.Runtime.Actions;

/// <summary>An action's parameters after validation, defaults and rendering, split the way a runner receives them.</summary>
/// <param name="RunnerParameters">Parameters the runner type declares.</param>
/// <param name="ActionParameters">The action's own parameters.</param>
/// <param name="ExtraEnvironment">Environment variables holding values a shell command template refers to.</param>
/// <param name="MaskedGiven">The parameters as given, with secret values masked: what the execution record stores.</param>
public sealed record ResolvedParameters(
    Dictionary<string, object?> RunnerParameters,
    Dictionary<string, object?> ActionParameters,
    Dictionary<string, string> ExtraEnvironment,
    Dictionary<string, object?> MaskedGiven);
