namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>Orquesta's workflow and task statuses and the groups the engine reasons with.</summary>
public static class WorkflowStatuses
{
    public const string Requested = "requested";
    public const string Scheduled = "scheduled";
    public const string Delayed = "delayed";
    public const string Running = "running";
    public const string Pending = "pending";
    public const string Pausing = "pausing";
    public const string Paused = "paused";
    public const string Resuming = "resuming";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Expired = "timeout";
    public const string Abandoned = "abandoned";
    public const string Retrying = "retrying";
    public const string Canceling = "canceling";
    public const string Canceled = "canceled";
    public const string Unset = "null";

    /// <summary>Every status orquesta knows.</summary>
    public static IReadOnlySet<string> All { get; } = Set(Requested, Scheduled, Delayed, Running, Pending, Pausing, Paused, Resuming, Succeeded, Failed, Expired, Abandoned, Retrying, Canceling, Canceled, Unset);

    /// <summary>Statuses a task starts in.</summary>
    public static IReadOnlySet<string> Starting { get; } = Set(Requested, Scheduled, Delayed, Running, Pending);

    /// <summary>Statuses in which the workflow hands out tasks.</summary>
    public static IReadOnlySet<string> RunningGroup { get; } = Set(Requested, Scheduled, Delayed, Running, Resuming, Retrying);

    /// <summary>Statuses of work still in progress.</summary>
    public static IReadOnlySet<string> Active { get; } = Set(Requested, Scheduled, Delayed, Running, Resuming, Pausing, Canceling);

    /// <summary>Pausing and paused.</summary>
    public static IReadOnlySet<string> PauseGroup { get; } = Set(Pausing, Paused);

    /// <summary>Canceling and canceled.</summary>
    public static IReadOnlySet<string> CancelGroup { get; } = Set(Canceling, Canceled);

    /// <summary>Failed, timed out, abandoned.</summary>
    public static IReadOnlySet<string> Abended { get; } = Set(Failed, Expired, Abandoned);

    /// <summary>Terminal statuses.</summary>
    public static IReadOnlySet<string> Completed { get; } = Set(Succeeded, Failed, Expired, Abandoned, Canceled);

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);
}
