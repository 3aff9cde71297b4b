using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Azure.Tests.Support;

internal static class Records
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public static ExecutionState Execution(string id, int secondsAfterT0 = 0, string action = "core.echo", ExecutionContextState? context = null) =>
        ExecutionState.Create(id, action, "local-shell-cmd", new Dictionary<string, object?> { ["message"] = id }, context ?? new ExecutionContextState(), T0.AddSeconds(secondsAfterT0));
}
