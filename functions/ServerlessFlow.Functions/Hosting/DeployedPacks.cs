using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Functions.Hosting;

/// <summary>The packs deployed with the app (folder <c>SFLOW_PACKS_PATH</c>, relative to the app root),
/// loaded once at start-up: the catalog, the compiled rules, and every problem found.</summary>
internal sealed class DeployedPacks
{
    private DeployedPacks(PackCatalog catalog, IReadOnlyList<CompiledRule> rules, IReadOnlyList<string> problems)
    {
        Catalog = catalog;
        Rules = rules;
        Problems = problems;
    }

    /// <summary>Packs, actions, rules and trigger types.</summary>
    public PackCatalog Catalog { get; }

    /// <summary>Rules that compiled (a rule with bad criteria is left out and listed in <see cref="Problems"/>).</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>Pack diagnostics that are errors, rules that did not compile, and criteria that can never pass.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Loads every pack folder (one holding <c>pack.yaml</c>) directly under <paramref name="folder"/>.</summary>
    public static DeployedPacks Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var problems = new List<string>();
        var loaded = new List<PackLoadResult>();
        if (!Directory.Exists(folder))
        {
            problems.Add($"Packs folder '{folder}' does not exist; no rules are loaded.");
        }
        else
        {
            foreach (var packFolder in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                if (!Path.GetFileName(packFolder).StartsWith('.') && File.Exists(Path.Combine(packFolder, "pack.yaml")))
                {
                    // The location is the folder's full path: runners and workflow definitions find the pack's
                    // files (scripts, workflow YAML) under it.
                    loaded.Add(PackLoader.Load(new FileSystemPackSource(packFolder, Path.GetFullPath(packFolder))));
                }
            }
        }

        var catalog = PackCatalog.Create(loaded);
        problems.AddRange(catalog.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
        var ruleSet = RuleSet.FromCatalog(catalog);
        problems.AddRange(ruleSet.Problems);
        return new DeployedPacks(catalog, ruleSet.Rules, problems);
    }
}
