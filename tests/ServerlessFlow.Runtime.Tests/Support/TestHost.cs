using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Runners.Mail;
using ServerlessFlow.Runtime.Runners.Remote;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Tests.Support;

/// <summary>The runtime wired over in-memory adapters, as a test needs it.</summary>
internal sealed class TestHost
{
    public TestHost(TimeProvider? time = null, SmtpOptions? smtp = null, TimeSpan? cancelPoll = null)
    {
        Smtp = smtp ?? new SmtpOptions();
        Time = time ?? TimeProvider.System;
        Triggers = new TriggerDispatcher(TriggerInstances, Bus, Time);
        Runners = new RunnerRegistry(
        [
            new LocalShellCommandRunner(Time),
            new LocalShellScriptRunner(Time),
            new RemoteShellCommandRunner(Time),
            new RemoteShellScriptRunner(Time),
            new HttpRequestRunner(Time),
            new NoopRunner(),
            new InquirerRunner(Inquiries, Time, Triggers),
            new WorkflowRunner("orquesta", null),
            new BuiltinActionRunner(Time, Triggers),
            new AnnouncementRunner(Announcements),
        ],
        [new(SendMailAction.ActionRef, new SendMailAction(Smtp, Time))]);
        Actions = new ActionExecutionService(Executions, Runners, RunnerTypeCatalog.Default, Time, Triggers, cancelPoll: cancelPoll);
    }

    public TimeProvider Time { get; }

    public SmtpOptions Smtp { get; }

    public RecordingAnnouncementPublisher Announcements { get; } = new();

    public InMemoryExecutionStore Executions { get; } = new();

    public InMemoryTriggerInstanceStore TriggerInstances { get; } = new();

    public InMemoryInquiryStore Inquiries { get; } = new();

    public InMemoryTriggerBus Bus { get; } = new();

    public TriggerDispatcher Triggers { get; }

    public RunnerRegistry Runners { get; }

    public ActionExecutionService Actions { get; }

    public Task<ExecutionState> RunCoreAsync(string actionRef, Dictionary<string, object?> parameters) =>
        Actions.RunAsync(CorePack.Action(actionRef), parameters, Path.Combine(CorePack.Directory, "actions"));
}
