using System.Globalization;
using System.Text;

namespace ServerlessFlow.Core.Packs;

/// <summary>Counts over a <see cref="PackCatalog"/>: what a validation run reports on its summary line.</summary>
public sealed record PackSummary
{
    /// <summary>Packs loaded.</summary>
    public int Packs { get; init; }

    /// <summary>YAML files read.</summary>
    public int Files { get; init; }

    /// <summary>Actions loaded.</summary>
    public int Actions { get; init; }

    /// <summary>Actions per runner type, most used first (ties by name).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> ActionsByRunner { get; init; } = [];

    /// <summary>Rules loaded.</summary>
    public int Rules { get; init; }

    /// <summary>Orquesta workflow files.</summary>
    public int Workflows { get; init; }

    /// <summary>ActionChain files.</summary>
    public int ActionChains { get; init; }

    /// <summary>Sensors loaded.</summary>
    public int Sensors { get; init; }

    /// <summary>Trigger types declared by the packs (system ones not counted).</summary>
    public int TriggerTypes { get; init; }

    /// <summary>Error diagnostics.</summary>
    public int Errors { get; init; }

    /// <summary>Warning diagnostics.</summary>
    public int Warnings { get; init; }

    /// <summary>Counts what the catalog holds.</summary>
    public static PackSummary Of(PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var packs = catalog.Packs;
        return new PackSummary
        {
            Packs = packs.Count,
            Files = packs.Sum(p => p.YamlFileCount),
            Actions = packs.Sum(p => p.Actions.Count),
            ActionsByRunner = packs.SelectMany(p => p.Actions)
                .GroupBy(a => a.RunnerType, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .ToList(),
            Rules = packs.Sum(p => p.Rules.Count),
            Workflows = packs.Sum(p => p.Workflows.Count(w => w.Kind == WorkflowFileKind.Orquesta)),
            ActionChains = packs.Sum(p => p.Workflows.Count(w => w.Kind == WorkflowFileKind.ActionChain)),
            Sensors = packs.Sum(p => p.Sensors.Count),
            TriggerTypes = packs.Sum(p => p.TriggerTypes.Count),
            Errors = catalog.Diagnostics.Count(d => d.IsError),
            Warnings = catalog.Diagnostics.Count(d => !d.IsError),
        };
    }

    /// <summary>One line: <c>2 packs, 235 files: 142 actions (orquesta 66, …), 6 rules, …; 7 errors, 50 warnings</c>.</summary>
    public override string ToString()
    {
        var runners = string.Join(", ", ActionsByRunner.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Plural(Packs, "pack")}, {Plural(Files, "file")}: {Plural(Actions, "action")}");
        if (runners.Length > 0)
        {
            text.Append(" (").Append(runners).Append(')');
        }

        text.Append(CultureInfo.InvariantCulture, $", {Plural(Rules, "rule")}, {Plural(Workflows, "workflow")}, {Plural(ActionChains, "action chain")}, {Plural(Sensors, "sensor")}, {Plural(TriggerTypes, "trigger type")}; {Plural(Errors, "error")}, {Plural(Warnings, "warning")}");
        return text.ToString();
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
