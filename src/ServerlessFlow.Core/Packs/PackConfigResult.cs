namespace ServerlessFlow.Core.Packs;

/// <summary>A pack's configuration values (schema defaults filled in) and the problems found checking them.</summary>
/// <param name="Values">The values, with defaults from config.schema.yaml for keys the file leaves out.</param>
/// <param name="Diagnostics">Problems, sorted by position.</param>
public sealed record PackConfigResult(IReadOnlyDictionary<string, object?> Values, IReadOnlyList<PackDiagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
