namespace ServerlessFlow.Core.Packs;

/// <summary>What <see cref="PackCatalog"/> checks workflows with.</summary>
public sealed record PackCatalogOptions
{
    /// <summary>The options used when none are given: Orquesta's full inspection.</summary>
    public static PackCatalogOptions Default { get; } = new();

    /// <summary>Inspectors run over every Orquesta workflow that parsed as YAML.</summary>
    public IReadOnlyList<IWorkflowInspector> WorkflowInspectors { get; init; } = [new OrquestaWorkflowInspector()];
}
