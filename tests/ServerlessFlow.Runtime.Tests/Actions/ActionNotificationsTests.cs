using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Triggers;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Actions;

/// <summary><c>notify</c> on an action: <c>core.st2.generic.notifytrigger</c> as st2's notifier sends it.</summary>
public sealed class ActionNotificationsTests
{
    private static readonly ActionSpec Noisy = PackCatalog.Create([PackLoader.Load(new InMemoryPackSource("mem/n", new Dictionary<string, string>
    {
        ["pack.yaml"] = "name: n\nversion: 1.0.0\ndescription: t\nauthor: t\nemail: t@example.com\n",
        ["actions/noisy.yaml"] = """
            name: noisy
            runner_type: local-shell-cmd
            entry_point: ''
            parameters:
              word:
                type: string
                default: hi
              cmd:
                type: string
                immutable: true
                default: 'echo "{{ word }}"'
            notify:
              on-complete:
                routes: [chat, mail]
                message: "noisy said {{ action_results.stdout }} for {{ action_parameters.word }}"
                data:
                  user: "{{ action_context.user }}"
              on-failure:
                routes: [pager]
            """,
    }, "n"))]).FindAction("n.noisy")!;

    [Fact]
    public async Task CompleteAsync_SucceededActionWithNotify_DispatchesOnCompletePerRouteOnly()
    {
        var (service, bus) = Service();

        ExecutionState execution = await service.RunAsync(Noisy, new() { ["word"] = "hey" }, "/tmp");

        var notes = bus.Drain().Where(i => i.Trigger == ActionNotifications.NotifyTrigger).ToList();
        Assert.Equal(["chat", "mail"], notes.Select(n => n.Payload["route"]));
        var chat = notes[0].Payload;
        Assert.Equal("noisy said hey for hey", chat["message"]);
        Assert.Equal("chat", chat["channel"]);
        Assert.Equal(execution.Id, chat["execution_id"]);
        Assert.Equal("succeeded", chat["status"]);
        Assert.Equal("n.noisy", chat["action_ref"]);
        Assert.Equal("local-shell-cmd", chat["runner_ref"]);
        var data = (Dictionary<string, object?>)chat["data"]!;
        Assert.Equal("stanley", data["user"]);
        // Python's json.dumps of the result (", " and ": " separators), as st2 sends it.
        Assert.StartsWith("{\"", (string)data["result"]!, StringComparison.Ordinal);
        Assert.Contains("\"stdout\": \"hey\"", (string)data["result"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_TaskInWorkflowNotListedInNotify_SendsNoNotification()
    {
        var (service, bus) = Service();
        var workflow = await service.Executions.CreateAsync(
            ExecutionState.Create("wf", "n.flow", "orquesta", new() { ["notify"] = new List<object?> { "other" } }, new ExecutionContextState(), DateTimeOffset.UnixEpoch));
        var listed = await service.Executions.CreateAsync(
            ExecutionState.Create("wf2", "n.flow", "orquesta", new() { ["notify"] = new List<object?> { "say" } }, new ExecutionContextState(), DateTimeOffset.UnixEpoch));

        await service.Service.RunAsync(Noisy, [], "/tmp", new ExecutionContextState { ParentExecutionId = "wf", ParentTaskName = "say" });
        var unlisted = bus.Drain();
        await service.Service.RunAsync(Noisy, [], "/tmp", new ExecutionContextState { ParentExecutionId = "wf2", ParentTaskName = "say" });
        var listedTask = bus.Drain();

        Assert.Equal([ActionExecutionService.ActionTrigger], unlisted.Select(i => i.Trigger));
        Assert.Equal(
            [ActionExecutionService.ActionTrigger, ActionNotifications.NotifyTrigger, ActionNotifications.NotifyTrigger],
            listedTask.Select(i => i.Trigger));
        Assert.True(workflow.Created && listed.Created);
    }

    private static (Harness Service, InMemoryTriggerBus Bus) Service()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var bus = new InMemoryTriggerBus();
        var executions = new InMemoryExecutionStore();
        var service = new ActionExecutionService(
            executions,
            new RunnerRegistry([new LocalShellCommandRunner(TimeProvider.System)]),
            RunnerTypeCatalog.Default,
            time,
            new TriggerDispatcher(new InMemoryTriggerInstanceStore(), bus, time),
            findAction: r => r == Noisy.Ref ? Noisy : null);
        return (new Harness(service, executions), bus);
    }

    private sealed record Harness(ActionExecutionService Service, InMemoryExecutionStore Executions)
    {
        public Task<ExecutionState> RunAsync(ActionSpec action, Dictionary<string, object?> parameters, string directory) =>
            Service.RunAsync(action, parameters, directory);
    }
}
