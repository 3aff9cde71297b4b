using System.CommandLine;

namespace ServerlessFlow.Cli.Api;

/// <summary>The read-only groups over the server's catalogue and history: <c>action</c>, <c>trigger</c>, <c>sensor</c>,
/// <c>trace</c>, <c>rule-enforcement</c>, <c>policy</c>, <c>policy-type</c>, <c>runner</c>, <c>action-alias</c> — named as st2 names them.</summary>
internal static class CatalogGroups
{
    /// <summary>Every group.</summary>
    public static IEnumerable<Command> Create(CliContext context) =>
    [
        CatalogCommands.Group(
            "action",
            "List and show the actions of a running sflow serve.",
            CatalogCommands.List(context, "actions", "Actions by ref.", ["ref", "runner_type", "description"], ("pack", "Only this pack's actions.")),
            CatalogCommands.Get(context, "actions", "One action, with the parameters an execution accepts.", "action ref")),
        CatalogCommands.Group(
            "trigger",
            "List the trigger types (system and the packs').",
            CatalogCommands.List(context, "triggertypes", "Trigger types by ref.", ["ref", "pack", "description"], ("pack", "Only this pack's trigger types.")),
            CatalogCommands.Get(context, "triggertypes", "One trigger type, with its payload and parameters schemas.", "trigger type ref")),
        SensorGroup(context),
        CatalogCommands.Group(
            "trace",
            "What one event caused: trigger instances, rules and executions under one trace tag.",
            CatalogCommands.List(context, "traces", "Traces, newest first.", ["id", "trace_tag", "start_timestamp"], ("trace-tag", "Only this trace tag.")),
            CatalogCommands.Get(context, "traces", "One trace with its trigger instances, rules and executions.", "trace id")),
        CatalogCommands.Group(
            "rule-enforcement",
            "List and show rule enforcements (which rule fired for which trigger instance, and its execution).",
            CatalogCommands.List(
                context,
                "ruleenforcements",
                "Rule enforcements, newest first.",
                ["id", "rule.ref", "trigger_instance_id", "execution_id", "status", "enforced_at"],
                ("rule", "Only this rule's enforcements."),
                ("trigger-instance", "Only this trigger instance's enforcements.")),
            CatalogCommands.Get(context, "ruleenforcements", "One rule enforcement.", "enforcement id")),
        CatalogCommands.Group(
            "policy",
            "List the action policies the packs declare.",
            CatalogCommands.List(context, "policies", "Policies by ref.", ["ref", "resource_ref", "policy_type", "enabled"], ("pack", "Only this pack's policies.")),
            CatalogCommands.Get(context, "policies", "One policy.", "policy ref")),
        CatalogCommands.Group(
            "policy-type",
            "List StackStorm's policy types.",
            CatalogCommands.List(context, "policytypes", "Policy types by ref.", ["ref", "description"]),
            CatalogCommands.Get(context, "policytypes", "One policy type, with its parameters.", "policy type ref")),
        CatalogCommands.Group(
            "runner",
            "List the runner types (those ServerlessFlow does not run are listed disabled).",
            CatalogCommands.List(context, "runnertypes", "Runner types by name.", ["name", "enabled", "description"]),
            CatalogCommands.Get(context, "runnertypes", "One runner type, with its parameters.", "runner name")),
        CatalogCommands.Group(
            "action-alias",
            "List the action aliases the packs declare.",
            CatalogCommands.List(context, "actionalias", "Action aliases by ref.", ["ref", "action_ref", "enabled", "description"], ("pack", "Only this pack's aliases.")),
            CatalogCommands.Get(context, "actionalias", "One action alias.", "alias ref")),
    ];

    /// <summary><c>sensor list|get|enable|disable</c>: the packs' sensors with their live state, started or stopped by the server.</summary>
    private static Command SensorGroup(CliContext context)
    {
        var group = CatalogCommands.Group(
            "sensor",
            "List the sensors the packs declare, with what each sensor process is doing; enable or disable one.",
            CatalogCommands.List(
                context, "sensortypes", "Sensors by ref.", ["ref", "enabled", "state.status", "state.restarts", "state.last_error", "trigger_types"], ("pack", "Only this pack's sensors.")),
            CatalogCommands.Get(context, "sensortypes", "One sensor, with its process state.", "sensor ref"));
        group.Add(SensorToggle(context, "enable", enable: true));
        group.Add(SensorToggle(context, "disable", enable: false));
        return group;
    }

    private static Command SensorToggle(CliContext context, string name, bool enable)
    {
        var command = new Command(name, enable ? "Enable a sensor: the server starts its process." : "Disable a sensor: the server stops its process.");
        var id = new Argument<string>("sensor") { Description = "The sensor ref (pack.ClassName)." };
        command.Add(id);
        ApiCommands.Bind(
            command,
            context,
            (p, client, ct) => client.SendAsync(
                HttpMethod.Put,
                $"api/v1/sensortypes/{ApiCommands.Segment(p.GetValue(id)!)}",
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["enabled"] = enable },
                cancellationToken: ct),
            ApiOutput.Record);
        return command;
    }
}
