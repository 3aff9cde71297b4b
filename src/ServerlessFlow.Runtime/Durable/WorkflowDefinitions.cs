using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ServerlessFlow.Core.ActionChains;
using ServerlessFlow.Core.Orquesta;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The workflow definitions of every workflow action in the loaded packs — Orquesta specs of <c>orquesta</c> actions,
/// ActionChains of <c>action-chain</c> actions — read and parsed when the packs are loaded (and again at each reload), so the
/// stepper (which runs inside replaying orchestrations) never touches the file system. Workflows that fail to load are kept
/// with their error. Every version of an Orquesta definition ever pinned by an execution stays available by its content hash
/// (<see cref="PinnedWorkflowDefinition"/>): a reload changes what new executions start with, never what a running one
/// replays. (ActionChains are not pinned yet: a chain reads the chain loaded now.)
/// </summary>
public sealed partial class WorkflowDefinitions : IWorkflowSpecSource, IActionChainSource
{
    private readonly ConcurrentDictionary<string, WorkflowSpec> versions = new(StringComparer.Ordinal);
    private Snapshot current;

    private WorkflowDefinitions(Snapshot snapshot) => current = snapshot;

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.])system\s*[.\[]", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex SystemScope();

    /// <summary>The packs the current workflows come from.</summary>
    public PackCatalog Catalog => Volatile.Read(ref current).Catalog;

    /// <summary>Why each workflow that could not be loaded was refused, by action ref.</summary>
    public IReadOnlyDictionary<string, string> Errors => Volatile.Read(ref current).Errors;

    /// <summary>Reads every workflow action's entry point (<c>actions/&lt;entry_point&gt;</c> in its pack).</summary>
    public static WorkflowDefinitions Load(PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var definitions = new WorkflowDefinitions(Read(catalog));
        definitions.Remember(definitions.current);
        return definitions;
    }

    /// <summary>Replaces the current definitions with those of <paramref name="catalog"/> (a pack install or reload); versions
    /// already pinned stay.</summary>
    public void Update(PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var next = Read(catalog);
        Remember(next);
        Volatile.Write(ref current, next);
    }

    /// <summary>The runner of a workflow action (<c>orquesta</c>, <c>action-chain</c>), or null when the action is not a loaded workflow.</summary>
    public string? RunnerOf(string actionRef) =>
        Catalog.FindAction(actionRef)?.RunnerType is { } runner && WorkflowRunnerTypes.IsWorkflow(runner) ? runner : null;

    /// <inheritdoc/>
    public bool TryGetChain(string actionRef, [NotNullWhen(true)] out ActionChainSpec? chain) =>
        Volatile.Read(ref current).Chains.TryGetValue(actionRef, out chain);

    /// <inheritdoc/>
    public string WhyNoChain(string actionRef) =>
        Errors.GetValueOrDefault(actionRef) ?? $"Action {actionRef} is not an action chain in the loaded packs.";

    /// <summary>Whether the workflow reads the key-value store: its definition mentions <c>st2kv</c> (a chain also
    /// <c>system</c>), or a sub-workflow whose parameter defaults do.</summary>
    public bool ReadsKeyValues(string actionRef) => Volatile.Read(ref current).KeyValueReaders.Contains(actionRef);

    /// <summary>Whether the action runs its <c>cmd</c> parameter with a shell, so that values in it must stay out of the syntax.</summary>
    public bool IsShellCommandAction(string actionRef) =>
        Catalog.FindAction(actionRef)?.RunnerType is "local-shell-cmd" or "remote-shell-cmd";

    /// <summary>The definition a new execution of <paramref name="actionRef"/> starts with now, or null when it is not a loaded
    /// Orquesta workflow.</summary>
    public PinnedWorkflowDefinition? Pin(string actionRef) => Volatile.Read(ref current).Pins.GetValueOrDefault(actionRef);

    /// <summary>Makes a pinned definition known by its hash (parsing its text once), so a replay on a process that never
    /// loaded that version runs it; throws <see cref="WorkflowSpecException"/> when the text does not parse.</summary>
    public void Register(PinnedWorkflowDefinition pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!versions.ContainsKey(pin.Hash))
        {
            versions.TryAdd(pin.Hash, WorkflowSpec.Parse(pin.Text));
        }
    }

    /// <summary>The spec of a workflow action, when it loaded.</summary>
    public bool TryGet(string actionRef, [NotNullWhen(true)] out WorkflowSpec? spec) =>
        Volatile.Read(ref current).Specs.TryGetValue(actionRef, out spec);

    /// <inheritdoc/>
    public bool TryGet(string workflowRef, string definitionVersion, [NotNullWhen(true)] out WorkflowSpec? spec) =>
        versions.TryGetValue(definitionVersion, out spec);

    /// <inheritdoc/>
    public string WhyMissing(string workflowRef) =>
        Errors.GetValueOrDefault(workflowRef) ?? $"Action {workflowRef} is not an Orquesta workflow in the loaded packs.";

    /// <summary>The spec of a workflow action; throws with the reason when there is none.</summary>
    public WorkflowSpec Get(string actionRef) =>
        TryGet(actionRef, out WorkflowSpec? spec)
            ? spec
            : throw new InvalidOperationException(WhyMissing(actionRef));

    private void Remember(Snapshot snapshot)
    {
        foreach (var (actionRef, pin) in snapshot.Pins)
        {
            versions.TryAdd(pin.Hash, snapshot.Specs[actionRef]);
        }
    }

    private static Snapshot Read(PackCatalog catalog)
    {
        var specs = new Dictionary<string, WorkflowSpec>(StringComparer.Ordinal);
        var chains = new Dictionary<string, ActionChainSpec>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var readers = new HashSet<string>(StringComparer.Ordinal);
        var pins = new Dictionary<string, PinnedWorkflowDefinition>(StringComparer.Ordinal);

        // Sub-workflows whose parameter defaults read st2kv: a workflow that calls one reads keys when it starts it.
        var defaultsReadKeys = catalog.Packs.SelectMany(p => p.Actions)
            .Where(a => WorkflowRunnerTypes.IsWorkflow(a.RunnerType)
                && a.EffectiveParameters.Values.Any(p => p.Default is not null && JsonText.Serialize(p.Default).Contains("st2kv", StringComparison.Ordinal)))
            .Select(a => a.Ref)
            .ToList();
        foreach (PackSpec pack in catalog.Packs)
        {
            foreach (ActionSpec action in pack.Actions.Where(a => a.RunnerType == WorkflowRunnerTypes.Orquesta))
            {
                string path = Path.GetFullPath(Path.Combine(pack.Location, "actions", action.EntryPoint));
                try
                {
                    string text = File.ReadAllText(path);
                    specs[action.Ref] = WorkflowSpec.Parse(text);

                    // Over-approximates (a comment mentioning st2kv counts): such workflows only step in an activity.
                    bool readsKeys = text.Contains("st2kv", StringComparison.Ordinal) || defaultsReadKeys.Any(r => text.Contains(r, StringComparison.Ordinal));
                    if (readsKeys)
                    {
                        readers.Add(action.Ref);
                    }

                    pins[action.Ref] = new PinnedWorkflowDefinition(PinnedWorkflowDefinition.HashOf(text), text, null, readsKeys, pack.Version, pack.ContentHash);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or WorkflowSpecException or ArgumentException)
                {
                    errors[action.Ref] = $"Workflow {action.Ref} ({path}) could not be loaded: {e.Message}";
                }
            }

            foreach (ActionSpec action in pack.Actions.Where(a => a.RunnerType == WorkflowRunnerTypes.ActionChain))
            {
                string path = Path.GetFullPath(Path.Combine(pack.Location, "actions", action.EntryPoint));
                try
                {
                    string text = File.ReadAllText(path);
                    chains[action.Ref] = ActionChainSpec.Parse(text, action.Name);

                    // A chain reads keys through st2kv, or through "system" (st2's older name for the system scope).
                    if (text.Contains("st2kv", StringComparison.Ordinal) || SystemScope().IsMatch(text)
                        || defaultsReadKeys.Any(r => text.Contains(r, StringComparison.Ordinal)))
                    {
                        readers.Add(action.Ref);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors[action.Ref] = $"Failed to parse action chain definition from \"{path}\": {e.Message}";
                }
                catch (ActionChainSpecException e)
                {
                    // StackStorm's pre_run message: the execution fails with it.
                    errors[action.Ref] = e.Message;
                }
            }
        }

        return new Snapshot(catalog, specs, chains, errors, readers, pins);
    }

    private sealed record Snapshot(
        PackCatalog Catalog,
        Dictionary<string, WorkflowSpec> Specs,
        Dictionary<string, ActionChainSpec> Chains,
        Dictionary<string, string> Errors,
        HashSet<string> KeyValueReaders,
        Dictionary<string, PinnedWorkflowDefinition> Pins);
}
