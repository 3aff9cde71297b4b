using ServerlessFlow.Runtime.Runners;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Runners;

/// <summary>Drives a runner whose timeout is on a manual clock: the clock is advanced until the run ends, so a timeout
/// happens by the test's decision, never by wall-clock time.</summary>
internal static class ShellRunnerTestSupport
{
    public static ActionRunRequest Command(string cmd, Dictionary<string, object?>? extra = null)
    {
        var parameters = new Dictionary<string, object?> { ["cmd"] = cmd };
        foreach (var (k, v) in extra ?? [])
        {
            parameters[k] = v;
        }

        return new ActionRunRequest { ExecutionId = "exec1", ActionRef = "core.local", RunnerParameters = parameters };
    }

    public static async Task<RunnerOutcome> RunAdvancingAsync(IActionRunner runner, ActionRunRequest request, FakeTimeProvider time)
    {
        var run = runner.RunAsync(request, CancellationToken.None);
        for (var i = 0; i < 2000 && !run.IsCompleted; i++)
        {
            await Task.WhenAny(run, Task.Delay(20));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        return await run;
    }
}
