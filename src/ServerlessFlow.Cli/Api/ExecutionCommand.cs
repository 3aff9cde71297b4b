using System.CommandLine;

namespace ServerlessFlow.Cli.Api;

/// <summary><c>sflow execution list|get|cancel|pause|resume|re-run</c> against <c>sflow serve</c>.</summary>
internal static class ExecutionCommand
{
    private static readonly string[] Columns = ["id", "action.ref", "status", "start_timestamp", "context.rule", "context.trace_tag"];

    /// <summary>Builds the <c>execution</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var group = new Command("execution", "List, show, cancel, pause, resume and re-run executions on a running sflow serve.");

        var list = new Command("list", "Executions, newest first.");
        var action = new Option<string?>("--action") { Description = "Only this action ref." };
        var status = new Option<string?>("--status") { Description = "Only this status (running, succeeded, failed…)." };
        var rule = new Option<string?>("--rule") { Description = "Only executions this rule caused." };
        var triggerType = new Option<string?>("--trigger-type") { Description = "Only executions caused by this trigger type." };
        var traceTag = new Option<string?>("--trace-tag") { Description = "Only executions with this trace tag." };
        var limit = new Option<int>("--limit") { Description = "Page size (1-1000).", DefaultValueFactory = _ => 50 };
        list.Add(action);
        list.Add(status);
        list.Add(rule);
        list.Add(triggerType);
        list.Add(traceTag);
        list.Add(limit);
        ApiCommands.Bind(
            list,
            context,
            (p, client, ct) => client.SendAsync(HttpMethod.Get, "api/v1/executions" + ApiCommands.Query(
                ("action", p.GetValue(action)),
                ("status", p.GetValue(status)),
                ("rule", p.GetValue(rule)),
                ("trigger_type", p.GetValue(triggerType)),
                ("trace_tag", p.GetValue(traceTag)),
                ("limit", p.GetValue(limit).ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken: ct),
            (output, body) => ApiOutput.Table(output, body as List<object?> ?? [], Columns));
        group.Add(list);

        var getId = IdArgument();
        var get = new Command("get", "One execution, with its workflow tasks.");
        get.Add(getId);
        ApiCommands.Bind(
            get,
            context,
            async (p, client, ct) =>
            {
                var id = ApiCommands.Segment(p.GetValue(getId)!);
                var execution = await client.SendAsync(HttpMethod.Get, $"api/v1/executions/{id}", cancellationToken: ct).ConfigureAwait(false);
                if (!execution.IsSuccess || execution.Body is not Dictionary<string, object?> record)
                {
                    return execution;
                }

                var children = await client.SendAsync(HttpMethod.Get, $"api/v1/executions/{id}/children", cancellationToken: ct).ConfigureAwait(false);
                record = new Dictionary<string, object?>(record, StringComparer.Ordinal) { ["tasks"] = children.Body };
                return execution with { Body = record };
            },
            (output, body) =>
            {
                var tasks = ApiOutput.At(body, "tasks") as List<object?>;
                if (body is Dictionary<string, object?> d)
                {
                    d.Remove("tasks");
                }

                ApiOutput.Record(output, body);
                if (tasks is { Count: > 0 })
                {
                    ApiOutput.Table(output, tasks, "context.task", "id", "action.ref", "status", "end_timestamp");
                }
            });
        group.Add(get);

        group.Add(Control(context, "cancel", "Cancel a running workflow (running tasks finish, no new ones start).", HttpMethod.Delete, null));
        group.Add(Control(context, "pause", "Pause a running workflow.", HttpMethod.Put, "pausing"));
        group.Add(Control(context, "resume", "Resume a paused workflow.", HttpMethod.Put, "resuming"));

        var rerunId = IdArgument();
        var overrides = new Argument<string[]>("parameters") { Description = "Parameters to change, as key=value (JSON values typed).", Arity = ArgumentArity.ZeroOrMore };
        var rerunTasks = new Option<string[]>("--tasks")
        {
            Description = "Continue the Orquesta workflow from these tasks (what succeeded before them is kept).",
            AllowMultipleArgumentsPerToken = true,
        };
        var noReset = new Option<string[]>("--no-reset")
        {
            Description = "Of --tasks, the with-items tasks to run only the failed items of (by default every item runs again).",
            AllowMultipleArgumentsPerToken = true,
        };
        var rerunDelay = new Option<int>("--delay") { Description = "Milliseconds to wait before the re-run starts (workflows)." };
        var rerun = new Command("re-run", "Run an execution's action again with its parameters (and any changed ones), or a workflow from some of its tasks.");
        rerun.Add(rerunId);
        rerun.Add(overrides);
        rerun.Add(rerunTasks);
        rerun.Add(noReset);
        rerun.Add(rerunDelay);
        ApiCommands.Bind(
            rerun,
            context,
            (p, client, ct) =>
            {
                // st2client's body: every task reset unless named in --no-reset.
                var tasks = p.GetValue(rerunTasks) ?? [];
                var keep = p.GetValue(noReset) ?? [];
                return client.SendAsync(
                    HttpMethod.Post,
                    $"api/v1/executions/{ApiCommands.Segment(p.GetValue(rerunId)!)}/re_run",
                    new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["parameters"] = ApiCommands.Pairs(p.GetValue(overrides) ?? []),
                        ["tasks"] = tasks.Select(t => (object?)t).ToList(),
                        ["reset"] = tasks.Except(keep, StringComparer.Ordinal).Select(t => (object?)t).ToList(),
                        ["delay"] = p.GetValue(rerunDelay),
                    },
                    cancellationToken: ct);
            },
            ApiOutput.Record);
        group.Add(rerun);
        group.Add(ExecutionTail.Create(context));
        return group;
    }

    private static Command Control(CliContext context, string name, string description, HttpMethod method, string? status)
    {
        var id = IdArgument();
        var command = new Command(name, description);
        command.Add(id);
        ApiCommands.Bind(
            command,
            context,
            (p, client, ct) => client.SendAsync(
                method,
                $"api/v1/executions/{ApiCommands.Segment(p.GetValue(id)!)}",
                status is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["status"] = status },
                cancellationToken: ct),
            (output, body) => output.WriteLine($"{ApiOutput.At(body, "id")}: {name} requested (status now {ApiOutput.At(body, "status")})."));
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The execution id." };
}
