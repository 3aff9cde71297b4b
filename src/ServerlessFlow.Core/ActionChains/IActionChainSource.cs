using System.Diagnostics.CodeAnalysis;

namespace ServerlessFlow.Core.ActionChains;

/// <summary>Port: the ActionChain definitions of the loaded <c>action-chain</c> actions, read before any chain runs (the
/// engine does no I/O).</summary>
public interface IActionChainSource
{
    /// <summary>The chain behind an <c>action-chain</c> action, when it loaded.</summary>
    bool TryGetChain(string actionRef, [NotNullWhen(true)] out ActionChainSpec? chain);

    /// <summary>One version of a chain (a content hash), for executions pinned to the definition they started with; sources
    /// that keep no versions have none.</summary>
    bool TryGetChain(string actionRef, string definitionVersion, [NotNullWhen(true)] out ActionChainSpec? chain)
    {
        chain = null;
        return false;
    }

    /// <summary>Why <paramref name="actionRef"/> has no chain (not loaded, or its definition is broken: StackStorm's message).</summary>
    string WhyNoChain(string actionRef);
}
