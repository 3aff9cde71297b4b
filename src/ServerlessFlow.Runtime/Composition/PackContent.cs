using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>
/// The packs a runtime runs at one moment: the catalogue and the packs' rules (what timers tick over).
/// <see cref="ServerlessFlowRuntime.ReloadAsync"/> swaps the whole of it at once, so work started reads one consistent version
/// of the packs and keeps the version it read. (The rules evaluated are <see cref="ServerlessFlowRuntime.RulesInForce"/>,
/// reloaded at the same time.)
/// </summary>
public sealed class PackContent
{
    internal PackContent(long generation, PackCatalog catalog, IReadOnlyList<CompiledRule> rules)
    {
        Generation = generation;
        Catalog = catalog;
        Rules = rules;
    }

    /// <summary>1 for the packs the host started with, one more at each reload.</summary>
    public long Generation { get; }

    /// <summary>The packs.</summary>
    public PackCatalog Catalog { get; }

    /// <summary>Their compiled rules (enabled or not), for timers.</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }
}
