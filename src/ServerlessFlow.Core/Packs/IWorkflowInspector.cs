namespace ServerlessFlow.Core.Packs;

/// <summary>
/// The seam where workflow inspection plugs into pack validation: <see cref="PackCatalog"/> hands
/// every Orquesta workflow file that parsed as YAML to each inspector and keeps what they report.
/// The Orquesta engine provides the full inspector (syntax, expressions, context, semantics);
/// <see cref="WorkflowShapeInspector"/> is the structural stand-in.
/// </summary>
public interface IWorkflowInspector
{
    /// <summary>Inspects one workflow file; the catalog is there to resolve action refs.</summary>
    IEnumerable<PackDiagnostic> Inspect(WorkflowFileSpec workflow, PackCatalog catalog);
}
