using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// The trigger types built into StackStorm (pack <c>core</c>): webhooks, timers and the internal
/// triggers. Names and schemas follow st2common/constants/triggers.py.
/// </summary>
public static class SystemTriggerTypes
{
    private const string Yaml = """
        - name: st2.webhook
          description: Trigger type for registering webhooks that can consume arbitrary payload.
          parameters_schema:
            type: object
            properties:
              url: {type: string, required: true}
            additionalProperties: false
          payload_schema:
            type: object
            properties:
              headers: {type: object}
              body: {anyOf: [{type: array}, {type: object}]}
        - name: st2.IntervalTimer
          description: Triggers on specified intervals, e.g. every 30s, 1 week.
          parameters_schema:
            type: object
            properties:
              timezone: {type: string}
              unit: {enum: [weeks, days, hours, minutes, seconds], required: true}
              delta: {type: integer, required: true}
            additionalProperties: false
          payload_schema: &timer_payload
            type: object
            properties:
              executed_at: {type: string, format: date-time, default: "2014-07-30 05:04:24.578325"}
              schedule: {type: object, default: {delta: 30, units: seconds}}
        - name: st2.DateTimer
          description: Triggers exactly once when the current time matches the specified time.
          parameters_schema:
            type: object
            properties:
              timezone: {type: string}
              date: {type: string, format: date-time, required: true}
            additionalProperties: false
          payload_schema: *timer_payload
        - name: st2.CronTimer
          description: Triggers whenever the current time matches the specified constraints, like cron.
          parameters_schema:
            type: object
            properties:
              timezone: {type: string}
              year: {anyOf: [{type: string}, {type: integer}]}
              month: {anyOf: [{type: string}, {type: integer}], minimum: 1, maximum: 12}
              day: {anyOf: [{type: string}, {type: integer}], minimum: 1, maximum: 31}
              week: {anyOf: [{type: string}, {type: integer}], minimum: 1, maximum: 53}
              day_of_week: {anyOf: [{type: string}, {type: integer}], minimum: 0, maximum: 6}
              hour: {anyOf: [{type: string}, {type: integer}], minimum: 0, maximum: 23}
              minute: {anyOf: [{type: string}, {type: integer}], minimum: 0, maximum: 59}
              second: {anyOf: [{type: string}, {type: integer}], minimum: 0, maximum: 59}
            additionalProperties: false
          payload_schema: *timer_payload
        - name: st2.generic.actiontrigger
          description: Trigger encapsulating the completion of an action execution.
          payload_schema:
            type: object
            properties: {execution_id: {}, status: {}, start_timestamp: {}, action_name: {}, action_ref: {}, runner_ref: {}, parameters: {}, result: {}}
        - name: st2.generic.notifytrigger
          description: Notification trigger.
          payload_schema:
            type: object
            properties: {execution_id: {}, status: {}, start_timestamp: {}, end_timestamp: {}, action_ref: {}, runner_ref: {}, channel: {}, route: {}, message: {}, data: {}}
        - name: st2.action.file_written
          description: Trigger encapsulating action file being written on disk.
          payload_schema:
            type: object
            properties: {ref: {}, file_path: {}, host_info: {}}
        - name: st2.generic.inquiry
          description: Trigger indicating a new inquiry has entered pending status.
          payload_schema:
            type: object
            properties:
              id: {type: string, description: ID of the new inquiry., required: true}
              route: {type: string, description: Routes the inquiry to a notification channel., required: true}
            additionalProperties: false
        - name: st2.sensor.process_spawn
          description: Trigger indicating sensor process is started up.
          payload_schema: {type: object, properties: {object: {}}}
        - name: st2.sensor.process_exit
          description: Trigger indicating sensor process is stopped.
          payload_schema: {type: object, properties: {object: {}}}
        - name: st2.key_value_pair.create
          description: Trigger encapsulating datastore item creation.
          payload_schema: {type: object, properties: {object: {}}}
        - name: st2.key_value_pair.update
          description: Trigger encapsulating datastore set action.
          payload_schema: {type: object, properties: {object: {}}}
        - name: st2.key_value_pair.value_change
          description: Trigger encapsulating a change of datastore item value.
          payload_schema: {type: object, properties: {old_object: {}, new_object: {}}}
        - name: st2.key_value_pair.delete
          description: Trigger encapsulating datastore item deletion.
          payload_schema: {type: object, properties: {object: {}}}
        """;

    /// <summary>The pack system trigger types belong to.</summary>
    public const string Pack = "core";

    /// <summary>Every system trigger type, keyed by ref (<c>core.st2.webhook</c>).</summary>
    public static IReadOnlyDictionary<string, TriggerTypeSpec> All { get; } = Parse();

    private static Dictionary<string, TriggerTypeSpec> Parse()
    {
        var read = YamlValueReader.Read(Yaml);
        if (read.HasErrors || read.Value is not List<object?> items)
        {
            throw new FormatException("system trigger type definitions are malformed: " + string.Join("; ", read.Problems.Select(p => p.Message)));
        }

        var result = new Dictionary<string, TriggerTypeSpec>(StringComparer.Ordinal);
        foreach (var item in items.Cast<Dictionary<string, object?>>())
        {
            var name = (string)item["name"]!;
            result[Pack + "." + name] = new TriggerTypeSpec
            {
                Ref = Pack + "." + name,
                Name = name,
                Pack = Pack,
                Description = item.GetValueOrDefault("description") as string,
                PayloadSchema = item.GetValueOrDefault("payload_schema") as Dictionary<string, object?>,
                ParametersSchema = item.GetValueOrDefault("parameters_schema") as Dictionary<string, object?>,
            };
        }

        return result;
    }
}
