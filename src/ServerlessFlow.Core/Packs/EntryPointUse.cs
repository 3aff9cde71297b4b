namespace ServerlessFlow.Core.Packs;

/// <summary>What a runner does with an action's <c>entry_point</c>.</summary>
public enum EntryPointUse
{
    /// <summary>The runner ignores it.</summary>
    None,

    /// <summary>It names a file below <c>actions/</c> that must exist (script, workflow, chain).</summary>
    File,
}
