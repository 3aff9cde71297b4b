namespace ServerlessFlow.Runtime.Runners;

/// <summary>The runners a host offers, by runner type name; an unknown runner type gets a clear error.</summary>
public sealed class RunnerRegistry
{
    private readonly Dictionary<string, IActionRunner> runners = new(StringComparer.Ordinal);

    /// <summary>Creates a registry of <paramref name="runners"/>.</summary>
    public RunnerRegistry(IEnumerable<IActionRunner> runners)
    {
        foreach (var runner in runners)
        {
            this.runners[runner.Name] = runner;
        }
    }

    /// <summary>Runner type names offered.</summary>
    public IReadOnlyCollection<string> Names => runners.Keys;

    /// <summary>The runner for <paramref name="runnerType"/>, or false.</summary>
    public bool TryGet(string runnerType, out IActionRunner runner) => runners.TryGetValue(runnerType, out runner!);
}
