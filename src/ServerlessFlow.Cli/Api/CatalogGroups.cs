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
        AliasGroup(context),
    ];

    /// <summary><c>action-alias list|get|match|execute</c>: the packs' aliases, which one a command matches, and running it.</summary>
    private static Command AliasGroup(CliContext context)
    {
        var group = CatalogCommands.Group(
            "action-alias",
            "List the action aliases the packs declare; match a chat command against them, or run it.",
            CatalogCommands.List(context, "actionalias", "Action aliases by ref.", ["ref", "action_ref", "enabled", "description"], ("pack", "Only this pack's aliases.")),
            CatalogCommands.Get(context, "actionalias", "One action alias.", "alias ref"));

        var match = new Command("match", "The alias and format a command matches (exactly one must).");
        var matchText = new Argument<string>("command") { Description = "The command as typed in a chat, e.g. \"run date on web1\"." };
        match.Add(matchText);
        ApiCommands.Bind(
            match,
            context,
            (parse, client, ct) => client.SendAsync(HttpMethod.Post, "/api/v1/actionalias/match", new Dictionary<string, object?> { ["command"] = parse.GetValue(matchText) }, cancellationToken: ct),
            (output, body) =>
            {
                output.WriteLine($"alias:          {ApiOutput.At(body, "actionalias.ref")}");
                output.WriteLine($"action:         {ApiOutput.At(body, "actionalias.action_ref")}");
                output.WriteLine($"display:        {ApiOutput.At(body, "display")}");
                output.WriteLine($"representation: {ApiOutput.At(body, "representation")}");
            });
        group.Add(match);

        var execute = new Command("execute", "Run a command through the alias it matches; prints the alias's acknowledgement and the execution id.");
        var executeText = new Argument<string>("command") { Description = "The command as typed in a chat." };
        var user = new Option<string?>("--user") { Description = "Who asks (recorded as the execution's api_user)." };
        execute.Add(executeText);
        execute.Add(user);
        ApiCommands.Bind(
            execute,
            context,
            (parse, client, ct) => client.SendAsync(
                HttpMethod.Post,
                "/api/v1/aliasexecution/match_and_execute",
                new Dictionary<string, object?> { ["command"] = parse.GetValue(executeText), ["user"] = parse.GetValue(user) ?? string.Empty, ["source_channel"] = "cli" },
                cancellationToken: ct),
            (output, body) =>
            {
                foreach (var result in ApiOutput.At(body, "results") as List<object?> ?? [])
                {
                    output.WriteLine($"Matching action alias: {ApiOutput.At(result, "actionalias.ref")}");
                    if (ApiOutput.At(result, "message") is string message)
                    {
                        output.WriteLine(message);
                    }

                    output.WriteLine($"execution: {ApiOutput.At(result, "execution.id")} ({ApiOutput.At(result, "execution.status")}); see: sflow execution get {ApiOutput.At(result, "execution.id")}");
                }
            });
        group.Add(execute);
        return group;
    }

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
