using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>
/// The <c>packs</c> pack's actions, run natively over <see cref="PackManagement"/>: <c>packs.install</c>,
/// <c>packs.uninstall</c> and <c>packs.load</c>. Running them as executions is what makes a pack install visible as
/// StackStorm shows it: an execution of <c>packs.install</c> in the history and the event stream, and the
/// <c>core.st2.generic.actiontrigger</c> its completion dispatches, which rules can match. <c>packs.install</c>'s result has
/// the output of StackStorm's install workflow (<c>packs_list</c>, <c>message</c>, <c>conflict_list</c>,
/// <c>warning_list</c>, which <c>st2 pack install</c> reads), plus each pack's version and content hash and the steps taken.
/// </summary>
public sealed class PackActions : IActionRunner
{
    /// <summary>The action that installs packs.</summary>
    public const string Install = "packs.install";

    /// <summary>The action that removes packs.</summary>
    public const string Uninstall = "packs.uninstall";

    /// <summary>The action that reloads every pack.</summary>
    public const string Load = "packs.load";

    private readonly PackManagement packs;

    /// <summary>Runs the actions over <paramref name="packs"/>.</summary>
    public PackActions(PackManagement packs)
    {
        ArgumentNullException.ThrowIfNull(packs);
        this.packs = packs;
    }

    /// <summary>The refs of the actions this runs.</summary>
    public static IReadOnlyList<string> ActionRefs { get; } = [Install, Uninstall, Load];

    /// <inheritdoc/>
    public string Name => "packs";

    /// <inheritdoc/>
    public async Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var p = request.ActionParameters;
        try
        {
            switch (request.ActionRef)
            {
                case Install:
                    var (installed, reload) = await packs.InstallAsync(
                        Strings(p, "packs"), RunnerParameters.Bool(p, "force", false), RunnerParameters.Bool(p, "skip_dependencies", false), cancellationToken).ConfigureAwait(false);
                    var result = Plain(installed);
                    result["reload"] = Plain(reload);
                    return new RunnerOutcome(ExecutionStatus.Succeeded, result);
                case Uninstall:
                    var (removed, afterRemove) = await packs.RemoveAsync(Strings(p, "packs"), cancellationToken).ConfigureAwait(false);
                    return new RunnerOutcome(ExecutionStatus.Succeeded, new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["output"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                        {
                            ["packs_list"] = removed.Select(r => (object?)r.Ref).ToList(),
                            ["message"] = "Successfully removed packs",
                        },
                        ["packs"] = removed.Select(r => (object?)Plain(r)).ToList(),
                        ["reload"] = Plain(afterRemove),
                    });
                case Load:
                    var loaded = await packs.ReloadAsync(failOnProblems: false, cancellationToken).ConfigureAwait(false);
                    return new RunnerOutcome(ExecutionStatus.Succeeded, new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["result"] = loaded.Counts.ToDictionary(c => c.Key, c => (object?)c.Value, StringComparer.Ordinal),
                        ["reload"] = Plain(loaded),
                    });
                default:
                    return RunnerOutcome.Failure($"Action {request.ActionRef} is not one of the packs pack's actions ({string.Join(", ", ActionRefs)}).");
            }
        }
        catch (PackInstallException ex)
        {
            return RunnerOutcome.Failure(ex.Message);
        }
    }

    /// <summary>What an install did, as plain values: StackStorm's install workflow output (<c>packs_list</c>, <c>message</c>,
    /// <c>conflict_list</c>, <c>warning_list</c>, which <c>st2 pack install</c> reads), each pack and the steps taken.</summary>
    public static Dictionary<string, object?> Plain(PackInstallResult installed)
    {
        ArgumentNullException.ThrowIfNull(installed);
        return new(StringComparer.Ordinal)
        {
            ["output"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["packs_list"] = installed.Packs.Select(i => (object?)i.Ref).ToList(),
                ["message"] = installed.Packs.All(i => !i.Changed) ? "Packs already installed; nothing changed" : "Successfully installed packs",
                ["conflict_list"] = null,
                ["warning_list"] = installed.Warnings.Select(w => (object?)w).ToList(),
            },
            ["packs"] = installed.Packs.Select(i => (object?)Plain(i)).ToList(),
            ["steps"] = installed.Steps.Select(s => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = s.Name,
                ["pack"] = s.Pack,
                ["message"] = s.Message,
            }).ToList(),
        };
    }

    /// <summary>What a reload did, as plain values.</summary>
    public static Dictionary<string, object?> Plain(PackReload reload)
    {
        ArgumentNullException.ThrowIfNull(reload);
        return new(StringComparer.Ordinal)
        {
            ["generation"] = reload.Generation,
            ["added"] = reload.Added.Select(a => (object?)a).ToList(),
            ["updated"] = reload.Updated.Select(a => (object?)a).ToList(),
            ["removed"] = reload.Removed.Select(a => (object?)a).ToList(),
            ["counts"] = reload.Counts.ToDictionary(c => c.Key, c => (object?)c.Value, StringComparer.Ordinal),
            ["problems"] = reload.Problems.Select(a => (object?)a).ToList(),
        };
    }

    /// <summary>One pack installed or removed, as plain values.</summary>
    public static Dictionary<string, object?> Plain(InstalledPack pack) => new(StringComparer.Ordinal)
    {
        ["ref"] = pack.Ref,
        ["version"] = pack.Version,
        ["previous_version"] = pack.PreviousVersion,
        ["content_hash"] = pack.ContentHash,
        ["commit"] = pack.Commit,
        ["source"] = pack.Source,
        ["changed"] = pack.Changed,
    };

    private static List<string> Strings(Dictionary<string, object?> parameters, string name) =>
        parameters.GetValueOrDefault(name) switch
        {
            List<object?> list => [.. list.OfType<string>()],
            string one => [one],
            _ => [],
        };
}
