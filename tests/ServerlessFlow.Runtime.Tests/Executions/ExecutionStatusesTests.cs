using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Tests.Executions;

public sealed class ExecutionStatusesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("requested", "scheduled", true)]
    [InlineData("scheduled", "running", true)]
    [InlineData("running", "succeeded", true)]
    [InlineData("running", "pending", true)]
    [InlineData("pending", "succeeded", true)]
    [InlineData("running", "pausing", true)]
    [InlineData("pausing", "paused", true)]
    [InlineData("paused", "resuming", true)]
    [InlineData("resuming", "running", true)]
    [InlineData("running", "canceling", true)]
    [InlineData("canceling", "canceled", true)]
    [InlineData("delayed", "requested", true)]
    [InlineData("succeeded", "running", false)]
    [InlineData("failed", "succeeded", false)]
    [InlineData("canceled", "running", false)]
    [InlineData("timeout", "failed", false)]
    [InlineData("abandoned", "requested", false)]
    [InlineData("paused", "succeeded", false)]
    public void CanTransition_StackStormPairs_MatchesLifecycle(string from, string to, bool expected) =>
        Assert.Equal(expected, ExecutionStatuses.CanTransition(ExecutionStatuses.Parse(from), ExecutionStatuses.Parse(to)));

    [Fact]
    public void ApiNames_AllFourteenStatuses_RoundTrip()
    {
        var names = Enum.GetValues<ExecutionStatus>().Select(s => s.ToApiName()).ToList();
        Assert.Equal(
            ["requested", "scheduled", "delayed", "running", "succeeded", "failed", "timeout", "canceling", "canceled", "pausing", "paused", "resuming", "pending", "abandoned"],
            names);
        Assert.All(Enum.GetValues<ExecutionStatus>(), s => Assert.Equal(s, ExecutionStatuses.Parse(s.ToApiName())));
    }

    [Fact]
    public void Parse_UnknownName_ErrorNamesIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => ExecutionStatuses.Parse("exploded"));
        Assert.Contains("exploded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithStatus_IllegalJump_ThrowsAndNamesBothStatuses()
    {
        var done = New().WithStatus(ExecutionStatus.Running, T0).WithStatus(ExecutionStatus.Succeeded, T0.AddSeconds(1));
        var ex = Assert.Throws<InvalidStatusTransitionException>(() => done.WithStatus(ExecutionStatus.Running, T0.AddSeconds(2)));
        Assert.Contains("succeeded", ex.Message, StringComparison.Ordinal);
        Assert.Contains("running", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithStatus_Completion_SetsEndTimeAndLogsEveryStatus()
    {
        var execution = New()
            .WithStatus(ExecutionStatus.Scheduled, T0.AddSeconds(1))
            .WithStatus(ExecutionStatus.Running, T0.AddSeconds(2))
            .WithStatus(ExecutionStatus.Failed, T0.AddSeconds(3));
        Assert.Equal(T0.AddSeconds(3), execution.EndTimestamp);
        Assert.Equal(
            [ExecutionStatus.Requested, ExecutionStatus.Scheduled, ExecutionStatus.Running, ExecutionStatus.Failed],
            execution.Log.Select(l => l.Status));
    }

    [Fact]
    public void ToPlain_FromPlain_RoundTripsEveryField()
    {
        var execution = New() with
        {
            Result = new Dictionary<string, object?> { ["stdout"] = "x", ["n"] = 1.5 },
            Children = ["c1", "c2"],
            Context = new ExecutionContextState { RuleRef = "p.r", TriggerInstanceId = "t1", TriggerType = "core.st2.webhook", EnforcementId = "e1", TraceTag = "tag", ParentExecutionId = "p1", ParentTaskName = "task1", User = "alice" },
        };
        var back = ExecutionState.FromPlain(execution.ToPlain(), "v1");
        Assert.Equal(ServerlessFlow.Core.Values.JsonText.Serialize(execution.ToPlain()), ServerlessFlow.Core.Values.JsonText.Serialize(back.ToPlain()));
        Assert.Equal("v1", back.Version);
    }

    private static ExecutionState New() =>
        ExecutionState.Create("e1", "core.echo", "local-shell-cmd", new Dictionary<string, object?> { ["message"] = "hi" }, new ExecutionContextState(), T0);
}
