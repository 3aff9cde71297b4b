using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>
/// Packs read from folders on disk and seen together, as a host runs them: the catalogue (each pack with its content hash),
/// the compiled rules, and every problem found (pack errors, rules that did not compile, criteria that can never pass).
/// What <c>sflow serve</c>, <c>sflow run --local</c>, <c>sflow pack install|reload</c> and the Functions app load; the host
/// still runs whatever loaded.
/// </summary>
/// <param name="Catalog">Packs, actions, rules, trigger types.</param>
/// <param name="Rules">Rules that compiled, enabled or not.</param>
/// <param name="RuleProblems">"rule ref: reason" for each rule left out, and criteria that can never pass.</param>
/// <param name="Diagnostics">The pack diagnostics (errors and warnings, with file, line and column).</param>
public sealed record LoadedPacks(PackCatalog Catalog, IReadOnlyList<CompiledRule> Rules, IReadOnlyList<string> RuleProblems, IReadOnlyList<PackDiagnostic> Diagnostics)
{
    /// <summary>No packs at all.</summary>
    public static LoadedPacks Empty { get; } = new(PackCatalog.Create([]), [], [], []);

    /// <summary>Every error, as text naming its file and position, then the rule problems.</summary>
    public IReadOnlyList<string> Problems => [.. Diagnostics.Where(d => d.IsError).Select(d => d.ToString()), .. RuleProblems];

    /// <summary>Loads the packs under each folder (a pack folder itself, or a folder of packs; see <see cref="PackFolders"/>).</summary>
    public static LoadedPacks Load(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var (sources, problems) = PackFolders.Find(folders);
        return FromSources(sources, problems);
    }

    /// <summary>Loads the given pack sources, plus <paramref name="earlier"/> problems (folders that held no pack…).</summary>
    public static LoadedPacks FromSources(IEnumerable<IPackSource> sources, IEnumerable<PackDiagnostic>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var diagnostics = new List<PackDiagnostic>(earlier ?? []);
        var loaded = new List<PackLoadResult>();
        foreach (var source in sources)
        {
            try
            {
                var result = PackLoader.Load(source);
                loaded.Add(source is FileSystemPackSource files ? result with { Pack = result.Pack with { ContentHash = files.ComputeContentHash() } } : result);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(new PackDiagnostic(DiagnosticSeverity.Error, PackDiagnosticCodes.FileUnreadable, source.Location, 1, 1, "the pack folder could not be read: " + ex.Message));
            }
        }

        var catalog = PackCatalog.Create(loaded);
        diagnostics.AddRange(catalog.Diagnostics);
        var ruleSet = RuleSet.FromCatalog(catalog);
        diagnostics.Sort(PackDiagnostic.Compare);
        return new LoadedPacks(catalog, ruleSet.Rules, ruleSet.Problems, diagnostics);
    }
}
