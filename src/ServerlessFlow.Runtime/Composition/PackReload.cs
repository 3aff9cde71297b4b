namespace ServerlessFlow.Runtime.Composition;

/// <summary>What a reload changed (StackStorm's <c>packs/register</c> answer counts what it registered; this also says which
/// packs came, changed and went).</summary>
/// <param name="Generation">The packs' generation now.</param>
/// <param name="Added">Packs new to the runtime.</param>
/// <param name="Updated">Packs whose content changed (<c>ref old-version -> new-version</c>).</param>
/// <param name="Removed">Packs no longer loaded.</param>
/// <param name="Counts">What is loaded now, as StackStorm counts it: packs, actions, rules, sensors, triggers.</param>
/// <param name="Problems">Problems found loading the packs (the runtime runs what loaded).</param>
public sealed record PackReload(
    long Generation,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Removed,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<string> Problems);
