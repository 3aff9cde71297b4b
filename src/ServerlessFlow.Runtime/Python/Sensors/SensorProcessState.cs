using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Python.Sensors;

/// <summary>What a supervised sensor process is doing now: its status, process id, restarts and the last failure.</summary>
public sealed record SensorProcessState
{
    /// <summary>The sensor ref, <c>pack.ClassName</c>.</summary>
    public required string Ref { get; init; }

    /// <summary><c>starting</c>, <c>running</c>, <c>backing_off</c> (waiting to restart after a crash), <c>exited</c> (run()
    /// returned; not restarted, as in StackStorm), <c>stopped</c> (the host is stopping).</summary>
    public string Status { get; init; } = "starting";

    /// <summary>The current process id, while running.</summary>
    public int? ProcessId { get; init; }

    /// <summary>When the current (or last) process started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>How many times the sensor has been restarted after dying.</summary>
    public int Restarts { get; init; }

    /// <summary>The last process's exit code.</summary>
    public int? LastExitCode { get; init; }

    /// <summary>Why the sensor last failed (load error, crash with the end of its stderr, a refused dispatch).</summary>
    public string? LastError { get; init; }

    /// <summary>When a backing-off sensor starts again.</summary>
    public DateTimeOffset? NextStartAt { get; init; }

    /// <summary>Trigger instances dispatched since the host started.</summary>
    public long Dispatched { get; init; }

    /// <summary>Dispatches refused (invalid payload, unknown trigger type) since the host started.</summary>
    public long Rejected { get; init; }

    /// <summary>The state as the API shows it.</summary>
    public Dictionary<string, object?> ToPlain() => new(StringComparer.Ordinal)
    {
        ["status"] = Status,
        ["pid"] = ProcessId is { } pid ? (long)pid : null,
        ["started_at"] = StartedAt is { } started ? PlainRecord.FormatTimestamp(started) : null,
        ["restarts"] = (long)Restarts,
        ["last_exit_code"] = LastExitCode is { } code ? (long)code : null,
        ["last_error"] = LastError,
        ["next_start_at"] = NextStartAt is { } next ? PlainRecord.FormatTimestamp(next) : null,
        ["dispatched"] = Dispatched,
        ["rejected"] = Rejected,
    };
}
