using System.CommandLine;

namespace ServerlessFlow.Cli.Api;

/// <summary><c>sflow rule list|get|enable|disable</c> against a running server (beside the offline <c>sflow rule test</c>).
/// Enable and disable read the rule and put it back changed, as st2 does; they change the server's rules in force.</summary>
internal static class RuleApiCommands
{
    /// <summary>Adds the server commands to the <c>rule</c> group.</summary>
    public static void AddTo(Command rule, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Add(CatalogCommands.List(
            context,
            "rules",
            "The rules in force on the server, by ref.",
            ["ref", "enabled", "trigger.type", "action.ref", "description"],
            ("pack", "Only this pack's rules."),
            ("action", "Only rules that run this action."),
            ("trigger", "Only rules on this trigger type."),
            ("enabled", "true or false.")));
        rule.Add(CatalogCommands.Get(context, "rules", "One rule in force.", "rule ref"));
        rule.Add(Toggle(context, "enable", enabled: true));
        rule.Add(Toggle(context, "disable", enabled: false));
    }

    private static Command Toggle(CliContext context, string name, bool enabled)
    {
        var command = new Command(name, enabled ? "Enable a rule: it fires again." : "Disable a rule: it stops firing.");
        var id = new Argument<string>("rule") { Description = "The rule ref." };
        command.Add(id);
        ApiCommands.Bind(
            command,
            context,
            async (p, client, ct) =>
            {
                var path = $"api/v1/rules/{ApiCommands.Segment(p.GetValue(id)!)}";
                var current = await client.SendAsync(HttpMethod.Get, path, cancellationToken: ct).ConfigureAwait(false);
                if (!current.IsSuccess || current.Body is not Dictionary<string, object?> rule)
                {
                    return current;
                }

                rule = new Dictionary<string, object?>(rule, StringComparer.Ordinal) { ["enabled"] = enabled };
                return await client.SendAsync(HttpMethod.Put, path, rule, cancellationToken: ct).ConfigureAwait(false);
            },
            ApiOutput.Record);
        return command;
    }
}
