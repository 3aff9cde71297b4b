using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Executions;

/// <summary>One action execution as stored: StackStorm's execution record (parameters are stored with secrets masked).</summary>
public sealed record ExecutionState
{
    /// <summary>The execution id (deterministic when it comes from a rule enforcement).</summary>
    public required string Id { get; init; }

    /// <summary>The action ref, <c>pack.name</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The runner type name (<c>local-shell-cmd</c>…).</summary>
    public required string Runner { get; init; }

    /// <summary>Parameters as given and defaulted; secret parameters are masked before storing.</summary>
    public Dictionary<string, object?> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The current status.</summary>
    public ExecutionStatus Status { get; init; } = ExecutionStatus.Requested;

    /// <summary>When the execution was requested.</summary>
    public required DateTimeOffset StartTimestamp { get; init; }

    /// <summary>When the execution completed, if it has.</summary>
    public DateTimeOffset? EndTimestamp { get; init; }

    /// <summary>The runner's result (plain value).</summary>
    public object? Result { get; init; }

    /// <summary>Every status entered, oldest first.</summary>
    public IReadOnlyList<ExecutionLogEntry> Log { get; init; } = [];

    /// <summary>Where the execution came from.</summary>
    public ExecutionContextState Context { get; init; } = new();

    /// <summary>The pack version and content hash the execution started with; null in records written before it was kept.</summary>
    public ExecutionDefinition? Definition { get; init; }

    /// <summary>Ids of child executions (workflow tasks).</summary>
    public IReadOnlyList<string> Children { get; init; } = [];

    /// <summary>The store's version (ETag) of this record as read; updates must name it. Null before the first write.</summary>
    public string? Version { get; init; }

    /// <summary>A new execution in status requested, with its first log entry.</summary>
    public static ExecutionState Create(string id, string action, string runner, Dictionary<string, object?> parameters, ExecutionContextState context, DateTimeOffset now) => new()
    {
        Id = id,
        Action = action,
        Runner = runner,
        Parameters = parameters,
        StartTimestamp = now,
        Context = context,
        Log = [new ExecutionLogEntry(now, ExecutionStatus.Requested)],
    };

    /// <summary>The execution moved to <paramref name="status"/> at <paramref name="now"/>; throws
    /// <see cref="InvalidStatusTransitionException"/> when StackStorm would not allow it.</summary>
    public ExecutionState WithStatus(ExecutionStatus status, DateTimeOffset now)
    {
        if (status == Status)
        {
            return this;
        }

        if (!ExecutionStatuses.CanTransition(Status, status))
        {
            throw new InvalidStatusTransitionException(
                $"Execution {Id} cannot go from {Status.ToApiName()} to {status.ToApiName()}.");
        }

        return this with
        {
            Status = status,
            EndTimestamp = status.IsCompleted() ? now : null,
            Log = [.. Log, new ExecutionLogEntry(now, status)],
        };
    }

    /// <summary>The record as StackStorm's API shapes it (<c>id</c>, <c>action</c>, <c>status</c>, <c>parameters</c>,
    /// <c>result</c>, <c>start_timestamp</c>, <c>end_timestamp</c>, <c>log</c>, <c>context</c>, <c>children</c>).</summary>
    public Dictionary<string, object?> ToPlain()
    {
        var context = new Dictionary<string, object?>(StringComparer.Ordinal) { ["user"] = Context.User };
        AddIfSet(context, "trigger_instance", Context.TriggerInstanceId);
        AddIfSet(context, "trigger_type", Context.TriggerType);
        AddIfSet(context, "rule", Context.RuleRef);
        AddIfSet(context, "enforcement", Context.EnforcementId);
        AddIfSet(context, "trace_tag", Context.TraceTag);
        AddIfSet(context, "parent", Context.ParentExecutionId);
        AddIfSet(context, "task", Context.ParentTaskName);
        if (Context.ActionAliasRef is { } alias)
        {
            // st2's get_ref_from_model: {"id", "name"}; the ref is kept too, as ids here are derived from it.
            context["action_alias_ref"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = RecordIds.Derive("action_alias", alias),
                ["name"] = alias[(alias.IndexOf('.', StringComparison.Ordinal) + 1)..],
                ["ref"] = alias,
            };
        }

        AddIfSet(context, "api_user", Context.ApiUser);
        AddIfSet(context, "source_channel", Context.SourceChannel);
        if (Context.ReRun is { } reRun)
        {
            // st2's shape: tasks and reset only when given.
            var plainReRun = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ref"] = reRun.Ref };
            if (reRun.Tasks.Count > 0)
            {
                plainReRun["tasks"] = reRun.Tasks.Select(t => (object?)t).ToList();
            }

            if (reRun.Reset.Count > 0)
            {
                plainReRun["reset"] = reRun.Reset.Select(t => (object?)t).ToList();
            }

            context["re-run"] = plainReRun;
        }

        if (Context.Retry is { } retry)
        {
            context["policies"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["retry"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["applied_policy"] = retry.AppliedPolicy,
                    ["retry_count"] = (long)retry.RetryCount,
                    ["retried_liveaction_id"] = retry.RetriedExecutionId,
                },
            };
        }

        var plain = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = Id,
            ["action"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ref"] = Action, ["runner_type"] = Runner },
            ["runner"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = Runner },
            ["status"] = Status.ToApiName(),
            ["parameters"] = PlainValues.DeepClone(Parameters),
            ["result"] = PlainValues.DeepClone(Result),
            ["start_timestamp"] = PlainRecord.FormatTimestamp(StartTimestamp),
            ["end_timestamp"] = EndTimestamp is { } end ? PlainRecord.FormatTimestamp(end) : null,
            ["log"] = Log.Select(entry => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["timestamp"] = PlainRecord.FormatTimestamp(entry.Timestamp),
                ["status"] = entry.Status.ToApiName(),
            }).ToList(),
            ["context"] = context,
            ["children"] = Children.Select(c => (object?)c).ToList(),
        };
        if (Definition is not null)
        {
            plain["definition"] = Definition.ToPlain();
        }

        return plain;
    }

    /// <summary>Reads a record written by <see cref="ToPlain"/>; throws <see cref="FormatException"/> naming a bad field.</summary>
    public static ExecutionState FromPlain(Dictionary<string, object?> data, string? version)
    {
        var action = data.TryGetValue("action", out var a) && a is Dictionary<string, object?> ad
            ? PlainRecord.RequireString(ad, "ref")
            : throw new FormatException("Record field 'action' is missing.");
        var runner = data.TryGetValue("runner", out var r) && r is Dictionary<string, object?> rd
            ? PlainRecord.RequireString(rd, "name")
            : throw new FormatException("Record field 'runner' is missing.");
        var context = PlainRecord.OptionalObject(data, "context");
        var log = new List<ExecutionLogEntry>();
        if (data.TryGetValue("log", out var l) && l is List<object?> entries)
        {
            foreach (var entry in entries.OfType<Dictionary<string, object?>>())
            {
                log.Add(new ExecutionLogEntry(
                    PlainRecord.OptionalTimestamp(entry, "timestamp") ?? throw new FormatException("Log entry without timestamp."),
                    ExecutionStatuses.Parse(PlainRecord.RequireString(entry, "status"))));
            }
        }

        return new ExecutionState
        {
            Id = PlainRecord.RequireString(data, "id"),
            Action = action,
            Runner = runner,
            Parameters = PlainRecord.OptionalObject(data, "parameters"),
            Status = ExecutionStatuses.Parse(PlainRecord.RequireString(data, "status")),
            StartTimestamp = PlainRecord.OptionalTimestamp(data, "start_timestamp") ?? throw new FormatException("Record field 'start_timestamp' is missing."),
            EndTimestamp = PlainRecord.OptionalTimestamp(data, "end_timestamp"),
            Result = data.GetValueOrDefault("result"),
            Log = log,
            Context = new ExecutionContextState
            {
                User = PlainRecord.OptionalString(context, "user") ?? "stanley",
                TriggerInstanceId = PlainRecord.OptionalString(context, "trigger_instance"),
                TriggerType = PlainRecord.OptionalString(context, "trigger_type"),
                RuleRef = PlainRecord.OptionalString(context, "rule"),
                EnforcementId = PlainRecord.OptionalString(context, "enforcement"),
                TraceTag = PlainRecord.OptionalString(context, "trace_tag"),
                ParentExecutionId = PlainRecord.OptionalString(context, "parent"),
                ParentTaskName = PlainRecord.OptionalString(context, "task"),
                ReRun = PlainRecord.OptionalObject(context, "re-run") is { Count: > 0 } reRun
                    ? new ExecutionReRun(
                        PlainRecord.RequireString(reRun, "ref"),
                        PlainRecord.StringList(reRun, "tasks"),
                        PlainRecord.StringList(reRun, "reset"))
                    : null,
                Retry = RetryContextState.FromPlain(context),
                ActionAliasRef = PlainRecord.OptionalObject(context, "action_alias_ref") is { Count: > 0 } aliasRef ? PlainRecord.OptionalString(aliasRef, "ref") : null,
                ApiUser = PlainRecord.OptionalString(context, "api_user"),
                SourceChannel = PlainRecord.OptionalString(context, "source_channel"),
            },
            Children = PlainRecord.StringList(data, "children"),
            Definition = ExecutionDefinition.FromPlain(data.GetValueOrDefault("definition")),
            Version = version,
        };
    }

    private static void AddIfSet(Dictionary<string, object?> target, string key, string? value)
    {
        if (value is not null)
        {
            target[key] = value;
        }
    }
}
