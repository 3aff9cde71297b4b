namespace ServerlessFlow.Runtime.Runners;

/// <summary>The runners a host offers, by runner type name; an unknown runner type gets a clear error.</summary>
public sealed class RunnerRegistry
{
    private readonly Dictionary<string, IActionRunner> runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActionRunner> actions = new(StringComparer.Ordinal);

    /// <summary>Creates a registry of <paramref name="runners"/>; <paramref name="nativeActions"/> run particular actions
    /// (by ref) instead of their runner type, for core actions whose StackStorm implementation is a script that cannot run
    /// here (<c>core.sendmail</c> needs a local <c>sendmail</c>).</summary>
    public RunnerRegistry(IEnumerable<IActionRunner> runners, IEnumerable<KeyValuePair<string, IActionRunner>>? nativeActions = null)
    {
        ArgumentNullException.ThrowIfNull(runners);
        foreach (var runner in runners)
        {
            this.runners[runner.Name] = runner;
        }

        foreach (var (actionRef, runner) in nativeActions ?? [])
        {
            actions[actionRef] = runner;
        }
    }

    /// <summary>The runner for <paramref name="actionRef"/>: its native implementation when there is one, else its runner type's.</summary>
    public bool TryGetFor(string actionRef, string runnerType, out IActionRunner runner) =>
        actions.TryGetValue(actionRef, out runner!) || runners.TryGetValue(runnerType, out runner!);

    /// <summary>Runner type names offered.</summary>
    public IReadOnlyCollection<string> Names => runners.Keys;

    /// <summary>The runner for <paramref name="runnerType"/>, or false.</summary>
    public bool TryGet(string runnerType, out IActionRunner runner) => runners.TryGetValue(runnerType, out runner!);
}
