namespace ServerlessFlow.Core.Packs;

/// <summary>A loaded pack and every problem found while loading it (the pack is usable minus the broken items).</summary>
/// <param name="Pack">What could be loaded.</param>
/// <param name="Diagnostics">Problems, sorted by file, line and column.</param>
public sealed record PackLoadResult(PackSpec Pack, IReadOnlyList<PackDiagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
