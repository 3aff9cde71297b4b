using System.CommandLine;
using System.Globalization;

namespace ServerlessFlow.Cli.Api;

/// <summary><c>sflow trigger-instance list|get|re-emit</c> against <c>sflow serve</c>.</summary>
internal static class TriggerInstanceCommand
{
    /// <summary>Builds the <c>trigger-instance</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var group = new Command("trigger-instance", "List, show and re-emit trigger instances on a running sflow serve.");

        var list = new Command("list", "Trigger instances, newest first.");
        var trigger = new Option<string?>("--trigger") { Description = "Only instances of this trigger type." };
        var limit = new Option<int>("--limit") { Description = "Page size (1-1000).", DefaultValueFactory = _ => 50 };
        list.Add(trigger);
        list.Add(limit);
        ApiCommands.Bind(
            list,
            context,
            (p, client, ct) => client.SendAsync(
                HttpMethod.Get,
                "api/v1/triggerinstances" + ApiCommands.Query(("trigger", p.GetValue(trigger)), ("limit", p.GetValue(limit).ToString(CultureInfo.InvariantCulture))),
                cancellationToken: ct),
            (output, body) => ApiOutput.Table(output, body as List<object?> ?? [], "id", "trigger", "occurrence_time", "status", "trace_tag"));
        group.Add(list);

        var getId = new Argument<string>("id") { Description = "The trigger instance id." };
        var get = new Command("get", "One trigger instance.");
        get.Add(getId);
        ApiCommands.Bind(get, context, (p, client, ct) => client.SendAsync(HttpMethod.Get, $"api/v1/triggerinstances/{ApiCommands.Segment(p.GetValue(getId)!)}", cancellationToken: ct), ApiOutput.Record);
        group.Add(get);

        var emitId = new Argument<string>("id") { Description = "The trigger instance id." };
        var reEmit = new Command("re-emit", "Dispatch a new instance with the same trigger, parameters and payload (rules run again).");
        reEmit.Add(emitId);
        ApiCommands.Bind(reEmit, context, (p, client, ct) => client.SendAsync(HttpMethod.Post, $"api/v1/triggerinstances/{ApiCommands.Segment(p.GetValue(emitId)!)}/re_emit", cancellationToken: ct), ApiOutput.Record);
        group.Add(reEmit);
        return group;
    }
}
