using ServerlessFlow.Core.ActionChains;
using ServerlessFlow.Core.Orquesta;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The workflow definitions of every workflow action in the loaded packs — Orquesta specs of <c>orquesta</c> actions,
/// ActionChains of <c>action-chain</c> actions — read and parsed once when the host starts, so the stepper (which runs
/// inside replaying orchestrations) never touches the file system. Workflows that fail to load are kept with their error.
/// </summary>
public sealed partial class WorkflowDefinitions : IWorkflowSpecSource, IActionChainSource
{
    private readonly Dictionary<string, WorkflowSpec> specs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionChainSpec> chains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> errors = new(StringComparer.Ordinal);
    private readonly HashSet<string> keyValueReaders = new(StringComparer.Ordinal);

    private WorkflowDefinitions(PackCatalog catalog) => Catalog = catalog;

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.])system\s*[.\[]", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex SystemScope();

    /// <summary>The packs the workflows come from.</summary>
    public PackCatalog Catalog { get; }

    /// <summary>Why each workflow that could not be loaded was refused, by action ref.</summary>
    public IReadOnlyDictionary<string, string> Errors => errors;

    /// <summary>Reads every workflow action's entry point (<c>actions/&lt;entry_point&gt;</c> in its pack).</summary>
    public static WorkflowDefinitions Load(PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var definitions = new WorkflowDefinitions(catalog);

        // Sub-workflows whose parameter defaults read st2kv: a workflow that calls one reads keys when it starts it.
        var defaultsReadKeys = catalog.Packs.SelectMany(p => p.Actions)
            .Where(a => WorkflowRunnerTypes.IsWorkflow(a.RunnerType)
                && a.EffectiveParameters.Values.Any(p => p.Default is not null && JsonText.Serialize(p.Default).Contains("st2kv", StringComparison.Ordinal)))
            .Select(a => a.Ref)
            .ToList();
        foreach (PackSpec pack in catalog.Packs)
        {
            foreach (ActionSpec action in pack.Actions.Where(a => a.RunnerType == "orquesta"))
            {
                string path = Path.GetFullPath(Path.Combine(pack.Location, "actions", action.EntryPoint));
                try
                {
                    string text = File.ReadAllText(path);
                    definitions.specs[action.Ref] = WorkflowSpec.Parse(text);
                    if (text.Contains("st2kv", StringComparison.Ordinal) || defaultsReadKeys.Any(r => text.Contains(r, StringComparison.Ordinal)))
                    {
                        // Over-approximates (a comment mentioning st2kv counts): such workflows only step in an activity.
                        definitions.keyValueReaders.Add(action.Ref);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or WorkflowSpecException or ArgumentException)
                {
                    definitions.errors[action.Ref] = $"Workflow {action.Ref} ({path}) could not be loaded: {e.Message}";
                }
            }

            foreach (ActionSpec action in pack.Actions.Where(a => a.RunnerType == WorkflowRunnerTypes.ActionChain))
            {
                string path = Path.GetFullPath(Path.Combine(pack.Location, "actions", action.EntryPoint));
                try
                {
                    string text = File.ReadAllText(path);
                    definitions.chains[action.Ref] = ActionChainSpec.Parse(text, action.Name);

                    // A chain reads keys through st2kv, or through "system" (st2's older name for the system scope).
                    if (text.Contains("st2kv", StringComparison.Ordinal) || SystemScope().IsMatch(text)
                        || defaultsReadKeys.Any(r => text.Contains(r, StringComparison.Ordinal)))
                    {
                        definitions.keyValueReaders.Add(action.Ref);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    definitions.errors[action.Ref] = $"Failed to parse action chain definition from \"{path}\": {e.Message}";
                }
                catch (ActionChainSpecException e)
                {
                    // StackStorm's pre_run message: the execution fails with it.
                    definitions.errors[action.Ref] = e.Message;
                }
            }
        }

        return definitions;
    }

    /// <summary>The runner of a workflow action (<c>orquesta</c>, <c>action-chain</c>), or null when the action is not a loaded workflow.</summary>
    public string? RunnerOf(string actionRef) =>
        Catalog.FindAction(actionRef)?.RunnerType is { } runner && WorkflowRunnerTypes.IsWorkflow(runner) ? runner : null;

    /// <inheritdoc/>
    public bool TryGetChain(string actionRef, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ActionChainSpec? chain) =>
        chains.TryGetValue(actionRef, out chain);

    /// <inheritdoc/>
    public string WhyNoChain(string actionRef) =>
        errors.GetValueOrDefault(actionRef) ?? $"Action {actionRef} is not an action chain in the loaded packs.";

    /// <summary>Whether the workflow reads the key-value store: its definition mentions <c>st2kv</c> (a chain also
    /// <c>system</c>), or a sub-workflow whose parameter defaults do.</summary>
    public bool ReadsKeyValues(string actionRef) => keyValueReaders.Contains(actionRef);

    /// <summary>Whether the action runs its <c>cmd</c> parameter with a shell, so that values in it must stay out of the syntax.</summary>
    public bool IsShellCommandAction(string actionRef) =>
        Catalog.FindAction(actionRef)?.RunnerType is "local-shell-cmd" or "remote-shell-cmd";

    /// <summary>The spec of a workflow action, when it loaded.</summary>
    public bool TryGet(string actionRef, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkflowSpec? spec) =>
        specs.TryGetValue(actionRef, out spec);

    /// <inheritdoc/>
    public string WhyMissing(string workflowRef) =>
        errors.GetValueOrDefault(workflowRef) ?? $"Action {workflowRef} is not an Orquesta workflow in the loaded packs.";

    /// <summary>The spec of a workflow action; throws with the reason when there is none.</summary>
    public WorkflowSpec Get(string actionRef) =>
        specs.TryGetValue(actionRef, out WorkflowSpec? spec)
            ? spec
            : throw new InvalidOperationException(
                errors.GetValueOrDefault(actionRef) ?? $"Action {actionRef} is not an Orquesta workflow in the loaded packs.");
}
