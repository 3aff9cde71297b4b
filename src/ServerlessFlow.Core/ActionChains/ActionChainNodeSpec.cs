namespace ServerlessFlow.Core.ActionChains;

/// <summary>One node of an ActionChain: the action it runs, its parameters, where to go next and what it publishes.</summary>
/// <param name="Name">The node's name; later nodes read its result by this name.</param>
/// <param name="Ref">The action it runs, <c>pack.name</c>.</param>
/// <param name="Parameters">Its <c>parameters</c> (or the older <c>params</c>), Jinja templates over the chain's context; null when none.</param>
/// <param name="OnSuccess">The node to run when its action succeeds, or null to end the chain.</param>
/// <param name="OnFailure">The node to run when its action fails or times out, or null to end the chain.</param>
/// <param name="Publish">Variables rendered from its result into the chain's <c>vars</c> (and <c>published</c>); null when none.</param>
/// <param name="Notify">Its <c>notify</c> settings, as written.</param>
public sealed record ActionChainNodeSpec(
    string Name,
    string Ref,
    IReadOnlyDictionary<string, object?>? Parameters,
    string? OnSuccess,
    string? OnFailure,
    IReadOnlyDictionary<string, object?>? Publish,
    IReadOnlyDictionary<string, object?>? Notify);
