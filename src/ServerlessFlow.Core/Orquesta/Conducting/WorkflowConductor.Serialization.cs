using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>Saving and restoring the conductor's state as plain values / JSON.</summary>
public sealed partial class WorkflowConductor
{
    /// <summary>The whole conductor state (spec, input, context, state, log, errors, output) as plain values.</summary>
    public Dictionary<string, object?> Serialize()
    {
        var state = EnsureState();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["spec"] = PlainValues.DeepClone(Spec.Raw),
            ["input"] = PlainValues.DeepClone(_inputs),
            ["context"] = PlainValues.DeepClone(_parentContext),
            ["state"] = SerializeState(state),
            ["log"] = PlainValues.DeepClone(_log.Cast<object?>().ToList()),
            ["errors"] = PlainValues.DeepClone(_errors.Cast<object?>().ToList()),
            ["output"] = PlainValues.DeepClone(_outputs),
            ["random_draws"] = _random?.Draws ?? 0L,
        };
    }

    /// <summary>The state as JSON text.</summary>
    public string SerializeToJson() => JsonText.Serialize(Serialize());

    /// <summary>Rebuilds a conductor from <see cref="Serialize"/>'s value; it continues exactly where it was.
    /// A malformed value gives a <see cref="WorkflowConductorException"/> naming what is wrong.</summary>
    public static WorkflowConductor Deserialize(object? data, IWorkflowExpressionEvaluator expressions) => Deserialize(data, expressions, null);

    /// <summary>Rebuilds a conductor, reusing <paramref name="spec"/> (and its composed graph) when the
    /// saved state is of that same definition: drivers that keep their specs loaded skip re-parsing.</summary>
    public static WorkflowConductor Deserialize(object? data, IWorkflowExpressionEvaluator expressions, WorkflowSpec? spec)
    {
        try
        {
            return DeserializeUnchecked(data, expressions, spec);
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or NullReferenceException or OverflowException or WorkflowSpecException or ArgumentException or IndexOutOfRangeException)
        {
            throw new WorkflowConductorException("ValueError", "The serialized conductor state is malformed: " + e.Message);
        }
    }

    private static WorkflowConductor DeserializeUnchecked(object? data, IWorkflowExpressionEvaluator expressions, WorkflowSpec? knownSpec)
    {
        if (data is not Dictionary<string, object?> root || root.GetValueOrDefault("state") is not Dictionary<string, object?> state)
        {
            throw new WorkflowConductorException("ValueError", "The serialized conductor is not a mapping with a \"state\".");
        }

        var savedSpec = root.GetValueOrDefault("spec");
        if (knownSpec is not null && !PlainValues.DeepEquals(knownSpec.Raw, savedSpec))
        {
            throw new WorkflowConductorException("ValueError", "The saved state belongs to a different workflow definition than the one given.");
        }

        var spec = knownSpec ?? WorkflowSpec.FromValue(PlainValues.DeepClone(savedSpec));
        var conductor = new WorkflowConductor(
            spec,
            expressions,
            PlainValues.DeepClone(root.GetValueOrDefault("input")) as Dictionary<string, object?>,
            PlainValues.DeepClone(root.GetValueOrDefault("context")) as Dictionary<string, object?>);
        conductor._state = DeserializeState(state);
        foreach (var entry in Dicts(root.GetValueOrDefault("log")))
        {
            conductor._log.Add(entry);
        }

        foreach (var entry in Dicts(root.GetValueOrDefault("errors")))
        {
            conductor._errors.Add(entry);
        }

        conductor._outputs = PlainValues.DeepClone(root.GetValueOrDefault("output")) as Dictionary<string, object?>;
        if (root.GetValueOrDefault("random_draws") is long draws && draws > 0)
        {
            conductor._random = new ConductorRandom(conductor.Spec.Raw, conductor._inputs, conductor._parentContext) { Draws = draws };
        }

        conductor.RebuildIndexes();
        return conductor;
    }

    /// <summary>Rebuilds a conductor from JSON text written by <see cref="SerializeToJson"/>.</summary>
    public static WorkflowConductor DeserializeFromJson(string json, IWorkflowExpressionEvaluator expressions, WorkflowSpec? spec = null) =>
        Deserialize(JsonText.Parse(json), expressions, spec);

    private static IEnumerable<Dictionary<string, object?>> Dicts(object? value) =>
        (PlainValues.DeepClone(value) as List<object?> ?? []).OfType<Dictionary<string, object?>>();

    private static List<object?> Ints(IEnumerable<int> values) => values.Select(v => (object?)(long)v).ToList();

    private static Dictionary<string, object?> IntMap(Dictionary<string, int> map)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            result[k] = (long)v;
        }

        return result;
    }

    private static Dictionary<string, object?>? Retry(TaskRetryState? retry) => retry is null ? null : new(StringComparer.Ordinal)
    {
        ["when"] = retry.When,
        ["count"] = retry.Count,
        ["delay"] = retry.Delay,
        ["tally"] = retry.Tally,
    };

    private static Dictionary<string, object?> SerializeState(WorkflowState state)
    {
        var sequence = new List<object?>();
        foreach (var t in state.Sequence)
        {
            var ctxs = new Dictionary<string, object?>(StringComparer.Ordinal) { ["in"] = Ints(t.ContextsIn.ToList()) };
            if (t.ContextsOut is not null)
            {
                ctxs["out"] = IntMap(t.ContextsOut);
            }

            var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = t.Id,
                ["route"] = t.Route,
                ["ctxs"] = ctxs,
                ["prev"] = IntMap(t.Prev),
                ["next"] = t.Next.ToDictionary(x => x.Key, x => (object?)x.Value, StringComparer.Ordinal),
            };
            if (t.Status is not null)
            {
                entry["status"] = t.Status;
            }

            if (t.Term)
            {
                entry["term"] = true;
            }

            if (t.Retry is not null)
            {
                entry["retry"] = Retry(t.Retry);
            }

            if (t.Result is not null)
            {
                entry["result"] = DetachItems(t.Result);
            }

            sequence.Add(entry);
        }

        var staged = new List<object?>();
        foreach (var s in state.Staged)
        {
            var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = s.Id,
                ["ctxs"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["in"] = Ints(s.ContextsIn.ToList()) },
                ["route"] = s.Route,
                ["prev"] = IntMap(s.Prev),
                ["ready"] = s.Ready,
            };
            if (s.Retry is not null)
            {
                entry["retry"] = Retry(s.Retry);
            }

            if (s.Items is not null)
            {
                entry["items"] = s.Items.Select(i => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["status"] = i }).ToList();
            }

            if (s.Completed)
            {
                entry["completed"] = true;
            }

            if (s.RunOnFail)
            {
                entry["run_on_fail"] = true;
            }

            staged.Add(entry);
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["contexts"] = PlainValues.DeepClone(state.Contexts.Cast<object?>().ToList()),
            ["routes"] = state.Routes.Select(r => (object?)r.Cast<object?>().ToList()).ToList(),
            ["sequence"] = sequence,
            ["staged"] = staged,
            ["status"] = state.Status,
            ["tasks"] = IntMap(state.Tasks),
        };
        if (state.Reruns.Count > 0)
        {
            result["reruns"] = state.Reruns.Select(r => (object?)Ints(r)).ToList();
        }

        return result;
    }

    private static int Int(object? value) => value switch
    {
        long l => checked((int)l),
        double d => checked((int)d),
        _ => throw new WorkflowConductorException("ValueError", "The serialized state holds a non-integer index."),
    };

    private static List<int> IntList(object? value) => (value as List<object?> ?? []).Select(Int).ToList();

    private static Dictionary<string, int> IntDict(object? value)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in value as Dictionary<string, object?> ?? [])
        {
            result[k] = Int(v);
        }

        return result;
    }

    /// <summary>A with-items record's item list is updated in place as items finish, so a serialised (or read)
    /// state gets its own list (the item records and results themselves are shared, not copied).</summary>
    private static object? DetachItems(object? result) =>
        result is Dictionary<string, object?> { Count: 1 } record && record.GetValueOrDefault("items") is List<object?> items
            ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = new List<object?>(items) }
            : result;

    private static TaskRetryState? ReadRetry(object? value) => value is Dictionary<string, object?> r
        ? new TaskRetryState { When = r.GetValueOrDefault("when") as string, Count = r.GetValueOrDefault("count"), Delay = r.GetValueOrDefault("delay"), Tally = r.GetValueOrDefault("tally") is long t ? t : 0 }
        : null;

    private static WorkflowState DeserializeState(Dictionary<string, object?> data)
    {
        var state = new WorkflowState { Status = data.GetValueOrDefault("status") as string ?? WorkflowStatuses.Unset };

        // Equal prefixes share links again, as they did before the state was saved.
        var intern = new Dictionary<(ContextChain?, int), ContextChain>();
        foreach (var c in Dicts(data.GetValueOrDefault("contexts")))
        {
            state.Contexts.Add(c);
        }

        foreach (var r in data.GetValueOrDefault("routes") as List<object?> ?? [])
        {
            state.Routes.Add((r as List<object?> ?? []).OfType<string>().ToList());
        }

        foreach (var e in (data.GetValueOrDefault("sequence") as List<object?> ?? []).OfType<Dictionary<string, object?>>())
        {
            var ctxs = e.GetValueOrDefault("ctxs") as Dictionary<string, object?> ?? [];
            var next = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var (k, v) in e.GetValueOrDefault("next") as Dictionary<string, object?> ?? [])
            {
                next[k] = v is true;
            }

            state.Sequence.Add(new TaskState
            {
                Id = (string)e["id"]!,
                Route = e.GetValueOrDefault("route") is long route ? route : 0,
                ContextsIn = ContextChain.From(IntList(ctxs.GetValueOrDefault("in")), intern),
                ContextsOut = ctxs.ContainsKey("out") ? IntDict(ctxs["out"]) : null,
                Prev = IntDict(e.GetValueOrDefault("prev")),
                Next = next,
                Status = e.GetValueOrDefault("status") as string,
                Term = e.GetValueOrDefault("term") is true,
                Retry = ReadRetry(e.GetValueOrDefault("retry")),
                Result = DetachItems(e.GetValueOrDefault("result")),
            });
        }

        foreach (var e in (data.GetValueOrDefault("staged") as List<object?> ?? []).OfType<Dictionary<string, object?>>())
        {
            var ctxs = e.GetValueOrDefault("ctxs") as Dictionary<string, object?> ?? [];
            var staged = new StagedTask
            {
                Id = (string)e["id"]!,
                Route = e.GetValueOrDefault("route") is long route ? route : 0,
                ContextsIn = ContextChain.From(IntList(ctxs.GetValueOrDefault("in")), intern),
                Prev = IntDict(e.GetValueOrDefault("prev")),
                Ready = e.GetValueOrDefault("ready") is true,
                Completed = e.GetValueOrDefault("completed") is true,
                RunOnFail = e.GetValueOrDefault("run_on_fail") is true,
                Retry = ReadRetry(e.GetValueOrDefault("retry")),
            };
            if (e.GetValueOrDefault("items") is List<object?> items)
            {
                staged.SetItems(items.Select(i => (i as Dictionary<string, object?>)?.GetValueOrDefault("status") as string ?? WorkflowStatuses.Unset));
            }

            state.Staged.Add(staged);
        }

        foreach (var (k, v) in IntDict(data.GetValueOrDefault("tasks")))
        {
            state.Tasks[k] = v;
        }

        foreach (var r in data.GetValueOrDefault("reruns") as List<object?> ?? [])
        {
            state.Reruns.Add(IntList(r));
        }

        return state;
    }
}
