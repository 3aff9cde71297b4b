using System.Collections.Frozen;

namespace ServerlessFlow.Runtime.Executions;

/// <summary>Names, completion and legal transitions of <see cref="ExecutionStatus"/>, following st2common.constants.action.</summary>
public static class ExecutionStatuses
{
    private static readonly FrozenDictionary<ExecutionStatus, string> Names = new Dictionary<ExecutionStatus, string>
    {
        [ExecutionStatus.Requested] = "requested",
        [ExecutionStatus.Scheduled] = "scheduled",
        [ExecutionStatus.Delayed] = "delayed",
        [ExecutionStatus.Running] = "running",
        [ExecutionStatus.Succeeded] = "succeeded",
        [ExecutionStatus.Failed] = "failed",
        [ExecutionStatus.Timeout] = "timeout",
        [ExecutionStatus.Canceling] = "canceling",
        [ExecutionStatus.Canceled] = "canceled",
        [ExecutionStatus.Pausing] = "pausing",
        [ExecutionStatus.Paused] = "paused",
        [ExecutionStatus.Resuming] = "resuming",
        [ExecutionStatus.Pending] = "pending",
        [ExecutionStatus.Abandoned] = "abandoned",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, ExecutionStatus> ByName =
        Names.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    // Completed statuses never change again (LIVEACTION_COMPLETED_STATES).
    private static readonly FrozenSet<ExecutionStatus> Completed = new[]
    {
        ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.Timeout,
        ExecutionStatus.Canceled, ExecutionStatus.Abandoned,
    }.ToFrozenSet();

    private static readonly FrozenDictionary<ExecutionStatus, FrozenSet<ExecutionStatus>> Transitions =
        new Dictionary<ExecutionStatus, ExecutionStatus[]>
        {
            [ExecutionStatus.Requested] = [ExecutionStatus.Scheduled, ExecutionStatus.Delayed, ExecutionStatus.Running, ExecutionStatus.Canceling, ExecutionStatus.Canceled, ExecutionStatus.Failed, ExecutionStatus.Abandoned],
            [ExecutionStatus.Delayed] = [ExecutionStatus.Requested, ExecutionStatus.Scheduled, ExecutionStatus.Canceling, ExecutionStatus.Canceled, ExecutionStatus.Failed, ExecutionStatus.Abandoned],
            [ExecutionStatus.Scheduled] = [ExecutionStatus.Running, ExecutionStatus.Delayed, ExecutionStatus.Canceling, ExecutionStatus.Canceled, ExecutionStatus.Failed, ExecutionStatus.Timeout, ExecutionStatus.Abandoned],
            [ExecutionStatus.Running] = [ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.Timeout, ExecutionStatus.Pending, ExecutionStatus.Pausing, ExecutionStatus.Paused, ExecutionStatus.Canceling, ExecutionStatus.Canceled, ExecutionStatus.Abandoned],
            [ExecutionStatus.Pending] = [ExecutionStatus.Running, ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.Timeout, ExecutionStatus.Pausing, ExecutionStatus.Paused, ExecutionStatus.Canceling, ExecutionStatus.Canceled, ExecutionStatus.Abandoned],
            [ExecutionStatus.Pausing] = [ExecutionStatus.Paused, ExecutionStatus.Running, ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.Timeout, ExecutionStatus.Canceling, ExecutionStatus.Canceled, ExecutionStatus.Abandoned],
            [ExecutionStatus.Paused] = [ExecutionStatus.Resuming, ExecutionStatus.Running, ExecutionStatus.Canceling, ExecutionStatus.Canceled, ExecutionStatus.Failed, ExecutionStatus.Abandoned],
            [ExecutionStatus.Resuming] = [ExecutionStatus.Running, ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.Timeout, ExecutionStatus.Pausing, ExecutionStatus.Canceling, ExecutionStatus.Canceled, ExecutionStatus.Abandoned],
            [ExecutionStatus.Canceling] = [ExecutionStatus.Canceled, ExecutionStatus.Failed, ExecutionStatus.Succeeded, ExecutionStatus.Timeout, ExecutionStatus.Abandoned],
        }.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet());

    /// <summary>The API spelling ("succeeded").</summary>
    public static string ToApiName(this ExecutionStatus status) => Names[status];

    /// <summary>Parses the API spelling; throws <see cref="ArgumentException"/> naming the unknown status.</summary>
    public static ExecutionStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status)
            ? status
            : throw new ArgumentException($"Unknown execution status '{name}'. Known: {string.Join(", ", Names.Values)}.", nameof(name));

    /// <summary>Parses the API spelling; false when unknown.</summary>
    public static bool TryParse(string name, out ExecutionStatus status) => ByName.TryGetValue(name, out status);

    /// <summary>True for succeeded, failed, timeout, canceled and abandoned.</summary>
    public static bool IsCompleted(this ExecutionStatus status) => Completed.Contains(status);

    /// <summary>True when an execution in <paramref name="from"/> may move to <paramref name="to"/>.
    /// Staying in the same status is allowed (a redelivered update is a no-op).</summary>
    public static bool CanTransition(ExecutionStatus from, ExecutionStatus to) =>
        from == to || (Transitions.TryGetValue(from, out var targets) && targets.Contains(to));
}
