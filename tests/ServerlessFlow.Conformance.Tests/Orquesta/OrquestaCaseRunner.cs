using System.Text.RegularExpressions;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Inspection;
using ServerlessFlow.Core.Orquesta.Rehearsal;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Conformance.Tests.Orquesta;

/// <summary>Runs one corpus case through the C# engine and lists every difference from orquesta's answer.</summary>
public static partial class OrquestaCaseRunner
{
    private static readonly IWorkflowExpressionEvaluator Expressions = EngineExpressionEvaluator.Default;

    [GeneratedRegex(@"^(\w+): ")]
    private static partial Regex ErrorTypePrefix();

    /// <summary>Runs a case; the answer is empty when it conforms.</summary>
    public static List<string> Run(string id, bool roundTripEveryEvent = false)
    {
        var data = OrquestaCorpus.Load(id);
        var problems = new List<string>();
        try
        {
            switch (data["kind"] as string)
            {
                case "run":
                    RunCase(id, data, problems, Mode(roundTripEveryEvent));
                    break;
                case "rerun":
                    RerunCase(id, data, problems, Mode(roundTripEveryEvent));
                    break;
                case "inspection":
                    InspectionCase(id, data, problems);
                    break;
                case "trace":
                    TraceCase(id, data, problems, roundTripEveryEvent);
                    break;
                default:
                    problems.Add("unknown kind " + data["kind"]);
                    break;
            }
        }
        catch (Exception e)
        {
            problems.Add("crashed: " + e.GetType().Name + ": " + e.Message);
        }

        return problems;
    }

    private static List<MockActionExecution> Mocks(object? value) =>
        (value as List<object?> ?? []).Select(MockActionExecution.FromValue).ToList();

    private static RoundTripMode Mode(bool everyEvent) => everyEvent ? RoundTripMode.EveryEvent : RoundTripMode.EveryBatch;

    private static void RunCase(string id, Dictionary<string, object?> data, List<string> problems, RoundTripMode mode)
    {
        var spec = WorkflowSpec.Parse(OrquestaCorpus.Workflow(id, data));
        var result = WorkflowRehearsal.Run(spec, Expressions, data.GetValueOrDefault("input") as Dictionary<string, object?>, Mocks(data.GetValueOrDefault("mock")), mode);
        Compare("", data, result, problems);
    }

    private static void RerunCase(string id, Dictionary<string, object?> data, List<string> problems, RoundTripMode mode)
    {
        var spec = WorkflowSpec.Parse(OrquestaCorpus.Workflow(id, data));
        var stages = (List<object?>)data["stages"]!;
        RehearsalResult? result = null;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = (Dictionary<string, object?>)stages[i]!;
            if (i == 0)
            {
                result = WorkflowRehearsal.Run(spec, Expressions, stage.GetValueOrDefault("input") as Dictionary<string, object?>, Mocks(stage.GetValueOrDefault("mock")), mode);
            }
            else
            {
                var requests = (stage.GetValueOrDefault("rerun_tasks") as List<object?>)?.Select(ToRerunRequest).ToList();
                result = WorkflowRehearsal.Rerun(result!, Expressions, requests, Mocks(stage.GetValueOrDefault("mock")), mode);
            }

            Compare($"stage {i}: ", stage, result, problems);
        }
    }

    private static TaskRerunRequest ToRerunRequest(object? value)
    {
        var d = (Dictionary<string, object?>)value!;
        return new TaskRerunRequest(
            (string)(d.GetValueOrDefault("task") ?? d.GetValueOrDefault("task_id"))!,
            d.GetValueOrDefault("route") as long? ?? 0,
            d.GetValueOrDefault("reset_items") is true);
    }

    private static void Compare(string prefix, Dictionary<string, object?> expected, RehearsalResult actual, List<string> problems)
    {
        void Check(string what, object? want, object? got)
        {
            if (!PlainValues.DeepEquals(PlainValues.Normalize(want), PlainValues.Normalize(got)))
            {
                problems.Add($"{prefix}{what}: expected {JsonText.Serialize(want)} got {JsonText.Serialize(got)}");
            }
        }

        if (expected.TryGetValue("expected_sequence", out var sequence))
        {
            Check("sequence", sequence, actual.Sequence.Cast<object?>().ToList());
        }

        if (expected.TryGetValue("expected_status", out var status))
        {
            Check("status", status, actual.Status);
        }

        if (expected.TryGetValue("expected_output", out var output))
        {
            Check("output", output, actual.Output);
        }

        if (expected.TryGetValue("expected_routes", out var routes))
        {
            Check("routes", routes, actual.Routes.Select(r => (object?)r.Cast<object?>().ToList()).ToList());
        }

        if (expected.TryGetValue("expected_term_tasks", out var term))
        {
            Check("term_tasks", term, actual.TerminalTasks.Cast<object?>().ToList());
        }

        if (expected.TryGetValue("expected_errors", out var errors))
        {
            CompareErrors(prefix, errors as List<object?> ?? [], actual.Errors, problems);
        }
    }

    /// <summary>Errors compare loosely (the corpus README): type, task, route, transition, result,
    /// and the exception name before the first colon instead of the whole Python message.</summary>
    private static void CompareErrors(string prefix, List<object?> expected, IReadOnlyList<Dictionary<string, object?>> actual, List<string> problems)
    {
        if (expected.Count != actual.Count)
        {
            problems.Add($"{prefix}errors: expected {expected.Count} got {actual.Count}: {JsonText.Serialize(actual.Cast<object?>().ToList())}");
            return;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var want = (Dictionary<string, object?>)expected[i]!;
            var got = actual[i];
            foreach (var key in new[] { "type", "task_id", "route", "task_transition_id", "result" })
            {
                if (!PlainValues.DeepEquals(want.GetValueOrDefault(key), got.GetValueOrDefault(key)))
                {
                    problems.Add($"{prefix}errors[{i}].{key}: expected {JsonText.Serialize(want.GetValueOrDefault(key))} got {JsonText.Serialize(got.GetValueOrDefault(key))}");
                }
            }

            var wantMessage = want.GetValueOrDefault("message") as string ?? string.Empty;
            var gotMessage = got.GetValueOrDefault("message") as string ?? string.Empty;
            var wantPrefix = ErrorTypePrefix().Match(wantMessage);
            var same = wantPrefix.Success ? gotMessage.StartsWith(wantPrefix.Value, StringComparison.Ordinal) : wantMessage == gotMessage;
            if (!same)
            {
                problems.Add($"{prefix}errors[{i}].message: expected {wantMessage} got {gotMessage}");
            }
        }
    }

    private static void InspectionCase(string id, Dictionary<string, object?> data, List<string> problems)
    {
        var spec = WorkflowSpec.Parse(OrquestaCorpus.Workflow(id, data));
        var appContext = (data.GetValueOrDefault("app_ctx") as Dictionary<string, object?>)?.Keys;
        var inspection = WorkflowInspector.Inspect(spec, Expressions, appContext);
        var expected = data["expected_errors"] as Dictionary<string, object?> ?? [];
        foreach (var category in expected.Keys.Union(inspection.Errors.Keys))
        {
            var want = (expected.GetValueOrDefault(category) as List<object?> ?? []).Cast<Dictionary<string, object?>>().ToList();
            var got = inspection.Errors.GetValueOrDefault(category) ?? [];
            var wantKeys = want.Select(w => $"{w.GetValueOrDefault("spec_path")}|{w.GetValueOrDefault("schema_path")}|{(category is "syntax" or "expressions" ? string.Empty : w.GetValueOrDefault("message"))}").ToList();
            var gotKeys = got.Select(g => $"{g.SpecPath}|{g.SchemaPath}|{(category is "syntax" or "expressions" ? string.Empty : g.Message)}").ToList();
            if (!wantKeys.SequenceEqual(gotKeys))
            {
                problems.Add($"{category}: expected [{string.Join("; ", wantKeys)}] got [{string.Join("; ", gotKeys)}]");
            }
        }
    }

    private static void TraceCase(string id, Dictionary<string, object?> data, List<string> problems, bool roundTripEveryEvent)
    {
        var spec = WorkflowSpec.Parse(OrquestaCorpus.Workflow(id, data));
        var conductor = new WorkflowConductor(spec, Expressions, data.GetValueOrDefault("input") as Dictionary<string, object?>, data.GetValueOrDefault("context") as Dictionary<string, object?>);
        var steps = (List<object?>)data["steps"]!;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = (Dictionary<string, object?>)steps[i]!;
            var op = (string)step["op"]!;
            var expect = step.GetValueOrDefault("expect") as Dictionary<string, object?> ?? [];
            object? returned = null;
            string? raised = null;
            try
            {
                switch (op)
                {
                    case "request_workflow_status":
                        conductor.RequestWorkflowStatus((string)step["status"]!);
                        break;
                    case "update_task_state":
                        ExecutionEvent e = step.GetValueOrDefault("event") as string == "TaskItemActionExecutionEvent"
                            ? new TaskItemExecutionEvent((int)(long)step["item_id"]!, (string)step["status"]!, step.GetValueOrDefault("result"), step.GetValueOrDefault("accumulated_result"))
                            : new ExecutionEvent((string)step["status"]!, step.GetValueOrDefault("result"));
                        conductor.UpdateTaskState((string)step["task"]!, step.GetValueOrDefault("route") as long? ?? 0, e);
                        break;
                    case "get_next_tasks":
                        returned = conductor.GetNextTasks().Select(Describe).ToList();
                        break;
                    case "request_workflow_rerun":
                        conductor.RequestWorkflowRerun((step.GetValueOrDefault("task_requests") as List<object?>)?.Select(ToRerunRequest).ToList());
                        break;
                    case "render_workflow_output":
                        conductor.RenderWorkflowOutput();
                        returned = new Dictionary<string, object?>(StringComparer.Ordinal) { ["output"] = conductor.Output };
                        break;
                    case "serialize_roundtrip":
                        conductor = WorkflowConductor.DeserializeFromJson(conductor.SerializeToJson(), Expressions);
                        break;
                    default:
                        problems.Add($"step {i}: unknown op {op}");
                        break;
                }
            }
            catch (WorkflowConductorException ex)
            {
                raised = ex.Describe();
            }

            if (expect.GetValueOrDefault("raised") is string wantRaised)
            {
                var typeName = wantRaised.Split(':')[0];
                if (raised is null || !raised.StartsWith(typeName + ":", StringComparison.Ordinal))
                {
                    problems.Add($"step {i} {op}: expected raise {wantRaised}, got {raised ?? "nothing"}");
                }
            }
            else if (raised is not null)
            {
                problems.Add($"step {i} {op}: unexpected raise {raised}");
            }

            if (expect.TryGetValue("workflow_status", out var wantStatus) && wantStatus as string != conductor.Status)
            {
                problems.Add($"step {i} {op}: workflow status expected {wantStatus} got {conductor.Status}");
            }

            if (expect.TryGetValue("returned", out var wantReturned) && raised is null && returned is not null
                && !PlainValues.DeepEquals(PlainValues.Normalize(wantReturned), PlainValues.Normalize(returned)))
            {
                problems.Add($"step {i} {op}: returned expected {JsonText.Serialize(wantReturned)} got {JsonText.Serialize(returned)}");
            }

            if (roundTripEveryEvent)
            {
                conductor = WorkflowConductor.DeserializeFromJson(conductor.SerializeToJson(), Expressions);
            }
        }

        Compare("final ", data, WorkflowRehearsal.Summarize(conductor), problems);
    }

    private static object? Describe(TaskCommand task)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = task.Id,
            ["route"] = task.Route,
            ["actions"] = task.Actions.Select(a =>
            {
                var action = new Dictionary<string, object?>(StringComparer.Ordinal) { ["action"] = a.Action, ["input"] = a.Input };
                if (a.ItemId is not null)
                {
                    action["item_id"] = (long)a.ItemId.Value;
                }

                return (object?)action;
            }).ToList(),
        };
        if (task.Delay is not null)
        {
            result["delay"] = task.Delay;
        }

        if (task.HasItems)
        {
            result["items_count"] = (long)task.ItemsCount;
            result["concurrency"] = task.Concurrency;
        }

        return result;
    }
}
