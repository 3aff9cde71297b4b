using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>
/// A recorded Durable history of one workflow run (every orchestration instance it made), as a small JSON file: one object
/// per history event with only what replay reads (event type, the ids that pair events, names, inputs and results as JSON,
/// the time each episode started). Read back into DurableTask.Core's history events to replay them.
/// </summary>
internal sealed record GoldenHistory(string Workflow, Dictionary<string, object?> Parameters, IReadOnlyList<GoldenInstance> Instances)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads a fixture file.</summary>
    public static GoldenHistory Read(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var parameters = (Dictionary<string, object?>)Core.Values.JsonText.Parse(root["parameters"]!.ToJsonString())!;
        var instances = root["instances"]!.AsArray()
            .Select(i => new GoldenInstance((string)i!["instance"]!, i["events"]!.AsArray().Select(e => ToEvent(e!.AsObject())).ToList()))
            .ToList();
        return new GoldenHistory((string)root["workflow"]!, parameters, instances);
    }

    /// <summary>Writes the fixture file (what the recording test does when asked to re-record).</summary>
    public void Write(string path)
    {
        var root = new JsonObject
        {
            ["workflow"] = Workflow,
            ["parameters"] = JsonNode.Parse(Core.Values.JsonText.Serialize(Parameters)),
            ["instances"] = new JsonArray(Instances.Select(i => (JsonNode)new JsonObject
            {
                ["instance"] = i.InstanceId,
                ["events"] = new JsonArray(i.Events.Select(e => (JsonNode)ToJson(e)).ToArray()),
            }).ToArray()),
        };
        File.WriteAllText(path, root.ToJsonString(Indented) + "\n");
    }

    private static JsonObject ToJson(HistoryEvent e)
    {
        var o = new JsonObject { ["type"] = e.EventType.ToString() };
        switch (e)
        {
            case OrchestratorStartedEvent:
                o["at"] = e.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
                break;
            case OrchestratorCompletedEvent:
                break;
            case ExecutionStartedEvent started:
                o["name"] = started.Name;
                o["instance"] = started.OrchestrationInstance.InstanceId;
                o["execution"] = started.OrchestrationInstance.ExecutionId;
                Payload(o, "input", started.Input);
                break;
            case TaskScheduledEvent scheduled:
                o["id"] = scheduled.EventId;
                o["name"] = scheduled.Name;
                Payload(o, "input", scheduled.Input);
                break;
            case TaskCompletedEvent completed:
                o["taskId"] = completed.TaskScheduledId;
                Payload(o, "result", completed.Result);
                break;
            case TaskFailedEvent failed:
                o["taskId"] = failed.TaskScheduledId;
                Failure(o, failed.Reason, failed.Details, failed.FailureDetails);
                break;
            case SubOrchestrationInstanceCreatedEvent created:
                o["id"] = created.EventId;
                o["name"] = created.Name;
                o["instance"] = created.InstanceId;
                Payload(o, "input", created.Input);
                break;
            case SubOrchestrationInstanceCompletedEvent completed:
                o["taskId"] = completed.TaskScheduledId;
                Payload(o, "result", completed.Result);
                break;
            case SubOrchestrationInstanceFailedEvent failed:
                o["taskId"] = failed.TaskScheduledId;
                Failure(o, failed.Reason, failed.Details, failed.FailureDetails);
                break;
            case TimerCreatedEvent timer:
                o["id"] = timer.EventId;
                o["fireAt"] = timer.FireAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
                break;
            case TimerFiredEvent fired:
                o["timerId"] = fired.TimerId;
                o["fireAt"] = fired.FireAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
                break;
            case EventRaisedEvent raised:
                o["name"] = raised.Name;
                Payload(o, "input", raised.Input);
                break;
            case EventSentEvent sent:
                o["id"] = sent.EventId;
                o["instance"] = sent.InstanceId;
                o["name"] = sent.Name;
                Payload(o, "input", sent.Input);
                break;
            case ExecutionCompletedEvent done:
                o["status"] = done.OrchestrationStatus.ToString();
                Payload(o, "result", done.Result);
                break;
            default:
                throw new NotSupportedException($"History event {e.EventType} is not kept in golden histories yet: add it to {nameof(GoldenHistory)}.");
        }

        return o;
    }

    private static HistoryEvent ToEvent(JsonObject o)
    {
        var type = Enum.Parse<EventType>((string)o["type"]!);
        HistoryEvent e = type switch
        {
            EventType.OrchestratorStarted => new OrchestratorStartedEvent(-1) { Timestamp = Time(o["at"]) },
            EventType.OrchestratorCompleted => new OrchestratorCompletedEvent(-1),
            EventType.ExecutionStarted => new ExecutionStartedEvent(-1, Payload(o, "input"))
            {
                Name = (string)o["name"]!,
                Version = string.Empty,
                OrchestrationInstance = new OrchestrationInstance { InstanceId = (string)o["instance"]!, ExecutionId = (string)o["execution"]! },
            },
            EventType.TaskScheduled => new TaskScheduledEvent((int)o["id"]!) { Name = (string)o["name"]!, Version = string.Empty, Input = Payload(o, "input") },
            EventType.TaskCompleted => new TaskCompletedEvent(-1, (int)o["taskId"]!, Payload(o, "result")),
            EventType.TaskFailed => new TaskFailedEvent(-1, (int)o["taskId"]!, (string?)o["reason"], (string?)o["details"], FailureOf(o)),
            EventType.SubOrchestrationInstanceCreated => new SubOrchestrationInstanceCreatedEvent((int)o["id"]!)
            {
                Name = (string)o["name"]!,
                Version = string.Empty,
                InstanceId = (string)o["instance"]!,
                Input = Payload(o, "input"),
            },
            EventType.SubOrchestrationInstanceCompleted => new SubOrchestrationInstanceCompletedEvent(-1, (int)o["taskId"]!, Payload(o, "result")),
            EventType.SubOrchestrationInstanceFailed => new SubOrchestrationInstanceFailedEvent(-1, (int)o["taskId"]!, (string?)o["reason"], (string?)o["details"], FailureOf(o)),
            EventType.TimerCreated => new TimerCreatedEvent((int)o["id"]!, Time(o["fireAt"])),
            EventType.TimerFired => new TimerFiredEvent(-1, Time(o["fireAt"])) { TimerId = (int)o["timerId"]! },
            EventType.EventRaised => new EventRaisedEvent(-1, Payload(o, "input")) { Name = (string)o["name"]! },
            EventType.EventSent => new EventSentEvent((int)o["id"]!) { InstanceId = (string)o["instance"]!, Name = (string)o["name"]!, Input = Payload(o, "input") },
            EventType.ExecutionCompleted => new ExecutionCompletedEvent(-1, Payload(o, "result"), Enum.Parse<OrchestrationStatus>((string)o["status"]!)),
            _ => throw new NotSupportedException($"History event {type} is not kept in golden histories."),
        };
        return e;
    }

    /// <summary>Payloads are JSON text: kept as JSON so the file reads as data (absent: no payload; JSON null: "null").</summary>
    private static void Payload(JsonObject o, string name, string? text)
    {
        if (text is not null)
        {
            o[name] = JsonNode.Parse(text);
        }
    }

    private static string? Payload(JsonObject o, string name) =>
        o.TryGetPropertyValue(name, out JsonNode? node) ? node?.ToJsonString() ?? "null" : null;

    private static void Failure(JsonObject o, string? reason, string? details, FailureDetails? failure)
    {
        o["reason"] = reason;
        o["details"] = details;
        if (failure is not null)
        {
            o["errorType"] = failure.ErrorType;
            o["errorMessage"] = failure.ErrorMessage;
        }
    }

    private static FailureDetails? FailureOf(JsonObject o) =>
        o["errorType"] is null ? null : new FailureDetails((string)o["errorType"]!, (string)o["errorMessage"]!, stackTrace: null, innerFailure: null, isNonRetriable: false);

    private static DateTime Time(JsonNode? node) =>
        DateTime.Parse((string)node!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
