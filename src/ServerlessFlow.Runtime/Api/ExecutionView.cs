using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// An execution as StackStorm's API shows it (<c>ActionExecutionAPI</c>), built from the stored record: secrets masked
/// (parameters as stored, a <c>core.ask</c> response, <c>output_schema</c> secrets), the action and runner records, the
/// top-level <c>parent</c>, <c>children</c>, <c>elapsed_seconds</c>, <c>liveaction</c>, and st2's context keys for a
/// workflow task (<c>context.parent.execution_id</c>, <c>context.orquesta.task_name</c>) beside ServerlessFlow's own
/// (<c>context.task</c>, <c>context.trace_tag</c>…), which st2client and st2web read.
/// </summary>
public sealed class ExecutionView(Func<PackCatalog> currentCatalog, TimeProvider time)
{
    /// <summary>A view over a catalogue that does not change (an API built for one pack generation).</summary>
    public ExecutionView(PackCatalog catalog, TimeProvider time)
        : this(() => catalog, time)
    {
    }

    /// <summary>The API record; <paramref name="children"/> (the task executions' ids) replaces the stored list when given.</summary>
    public Dictionary<string, object?> ToPlain(ExecutionState execution, IReadOnlyList<string>? children = null)
    {
        ArgumentNullException.ThrowIfNull(execution);

        // Read per execution: a view that outlives a pack reload (the event stream's) masks by the actions running now.
        var catalog = currentCatalog();
        var plain = ExecutionOutputMask.ApplyToExecution(InquiryResponseMask.ApplyToExecution(execution.ToPlain(), execution.Runner), execution, catalog);
        var action = catalog.FindAction(execution.Action) is { } spec
            ? ActionsApi.ToPlain(spec)
            : new Dictionary<string, object?>(StringComparer.Ordinal) { ["ref"] = execution.Action };
        action["runner_type"] = execution.Runner;
        plain["action"] = action;
        var runner = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = execution.Runner };
        if (RunnerTypeCatalog.Default.Find(execution.Runner) is { } runnerType)
        {
            runner = new RunnerTypesApi(RunnerTypeCatalog.Default).ToPlain(runnerType);
        }

        plain["runner"] = runner;
        if (children is not null)
        {
            plain["children"] = children.Select(c => (object?)c).ToList();
        }

        var end = execution.EndTimestamp ?? time.GetUtcNow();
        if (plain.GetValueOrDefault("end_timestamp") is null)
        {
            // st2 leaves the field out until the execution ends (its schema allows only a timestamp string).
            plain.Remove("end_timestamp");
        }

        plain["elapsed_seconds"] = Math.Round(Math.Max(0, (end - execution.StartTimestamp).TotalSeconds), 3);

        var context = (Dictionary<string, object?>)plain["context"]!;
        if (execution.Context.ParentExecutionId is { } parent)
        {
            plain["parent"] = parent;
            context["parent"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["execution_id"] = parent, ["user"] = execution.Context.User };
            context["orquesta"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["workflow_execution_id"] = parent,
                ["task_name"] = execution.Context.ParentTaskName ?? "unknown",
            };
        }

        context["pack"] = execution.Action.Split('.')[0];
        if (execution.Context.RuleRef is { } rule)
        {
            plain["rule"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["ref"] = rule,
                ["id"] = RecordIds.Derive("rule", rule),
                ["name"] = rule[(rule.IndexOf('.', StringComparison.Ordinal) + 1)..],
                ["pack"] = rule.Split('.')[0],
            };
        }

        if (execution.Context.TriggerType is { } triggerType)
        {
            plain["trigger_type"] = catalog.FindTriggerType(triggerType) is { } type
                ? new TriggerTypesApi(catalog).ToPlain(type)
                : new Dictionary<string, object?>(StringComparer.Ordinal) { ["ref"] = triggerType };
        }

        if (execution.Context.TriggerInstanceId is { } instance)
        {
            plain["trigger_instance"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = instance, ["trigger"] = execution.Context.TriggerType };
        }

        plain["liveaction"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = execution.Id,
            ["action"] = execution.Action,
            ["action_is_workflow"] = execution.Runner is "orquesta" or "action-chain",
            ["status"] = plain["status"],
            ["parameters"] = plain["parameters"],
            ["start_timestamp"] = plain["start_timestamp"],
        };
        return plain;
    }
}
