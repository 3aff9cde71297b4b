namespace ServerlessFlow.Core.Packs;

/// <summary>What a YAML file below <c>actions/</c> (other than action metadata) is.</summary>
public enum WorkflowFileKind
{
    /// <summary>An Orquesta workflow (the entry point of an <c>orquesta</c> action).</summary>
    Orquesta,

    /// <summary>An ActionChain definition (the entry point of an <c>action-chain</c> action; not run by ServerlessFlow).</summary>
    ActionChain,

    /// <summary>A YAML file no action names as its entry point.</summary>
    Unreferenced,
}
