namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>The result of inspecting a workflow: errors by category (only non-empty categories).</summary>
public sealed class WorkflowInspection
{
    internal WorkflowInspection(Dictionary<string, IReadOnlyList<InspectionError>> errors)
    {
        Errors = errors;
    }

    /// <summary>Errors by category (<see cref="InspectionCategories"/>), each sorted by schema path then spec path.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<InspectionError>> Errors { get; }

    /// <summary>True when there is no error.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Every error with its category, in category order.</summary>
    public IEnumerable<(string Category, InspectionError Error)> All =>
        Errors.SelectMany(kv => kv.Value.Select(e => (kv.Key, e)));
}
