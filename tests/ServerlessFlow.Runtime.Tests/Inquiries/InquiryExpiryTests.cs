using Microsoft.Extensions.Time.Testing;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Inquiries;

/// <summary>Inquiry ttl expiry as st2's garbage collection does it (<c>purge_inquiries</c>): more whole minutes since the ask
/// than its ttl, the inquiry and its <c>core.ask</c> execution become <c>timeout</c>, the result kept, answers refused.</summary>
public sealed class InquiryExpiryTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public async Task ExpireDueAsync_TopLevelAskPastItsTtl_InquiryAndExecutionTimeOutAndAnswersAreRefused()
    {
        var host = new TestHost(time);
        var inquiries = new InquiryService(host.Inquiries, host.Executions, host.Actions);
        var asked = await host.RunCoreAsync("core.ask", new() { ["ttl"] = 2L });
        host.Bus.Drain();

        var atTtl = await inquiries.ExpireDueAsync(time.GetUtcNow().AddMinutes(2).AddSeconds(59));
        var pastTtl = await inquiries.ExpireDueAsync(time.GetUtcNow().AddMinutes(3));
        var again = await inquiries.ExpireDueAsync(time.GetUtcNow().AddMinutes(30));

        Assert.Equal((0, 1, 0), (atTtl, pastTtl, again));
        Assert.Equal(InquiryService.TimedOut, (await host.Inquiries.GetAsync(asked.Id))!.Status);
        var execution = (await host.Executions.GetAsync(asked.Id))!;
        Assert.Equal(ExecutionStatus.Timeout, execution.Status);
        Assert.Equal(2L, Assert.IsType<Dictionary<string, object?>>(execution.Result)["ttl"]);
        Assert.Contains(host.Bus.Drain(), i => i.Trigger == "core.st2.generic.actiontrigger" && (string?)i.Payload["status"] == "timeout");
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => inquiries.RespondAsync(asked.Id, new() { ["continue"] = true }, "alice"));
        Assert.Contains("timed out", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpireDueAsync_TtlZeroAnsweredOrInAWorkflow_LeavesThemToTheirOwners()
    {
        var host = new TestHost(time);
        var inquiries = new InquiryService(host.Inquiries, host.Executions, host.Actions);
        var never = await host.RunCoreAsync("core.ask", new() { ["ttl"] = 0L });
        var answered = await host.RunCoreAsync("core.ask", new() { ["ttl"] = 1L });
        await inquiries.RespondAsync(answered.Id, new() { ["continue"] = true }, "alice");
        var inWorkflow = await host.Actions.RunAsync(
            CorePack.Action("core.ask"), new() { ["ttl"] = 1L }, Path.Combine(CorePack.Directory, "actions"),
            new ExecutionContextState { ParentExecutionId = "wf-1", ParentTaskName = "ask" });

        var expired = await inquiries.ExpireDueAsync(time.GetUtcNow().AddDays(3));

        Assert.Equal(0, expired);
        Assert.Equal(ExecutionStatus.Pending, (await host.Executions.GetAsync(never.Id))!.Status);
        Assert.Equal(ExecutionStatus.Succeeded, (await host.Executions.GetAsync(answered.Id))!.Status);
        Assert.Equal(ExecutionStatus.Pending, (await host.Executions.GetAsync(inWorkflow.Id))!.Status);
    }

    [Fact]
    public async Task RecordAsync_WorkflowAskTimedOutByItsTimer_RecordsInquiryAndExecutionTimeout()
    {
        var host = new TestHost(time);
        var inquiries = new InquiryService(host.Inquiries, host.Executions, host.Actions);
        var recorder = new ExecutionWorkflowRecorder(host.Executions, host.Actions, inquiries);
        var asked = await host.Actions.RunAsync(
            CorePack.Action("core.ask"), new() { ["ttl"] = 1L }, Path.Combine(CorePack.Directory, "actions"),
            new ExecutionContextState { ParentExecutionId = "wf-1", ParentTaskName = "ask" });

        await recorder.RecordAsync(
            new WorkflowStatusRecord(asked.Id, "core.ask", "wf-1", "{}", "timeout", "{}", time.GetUtcNow().UtcDateTime.AddMinutes(1)), CancellationToken.None);

        Assert.Equal(InquiryService.TimedOut, (await host.Inquiries.GetAsync(asked.Id))!.Status);
        var execution = (await host.Executions.GetAsync(asked.Id))!;
        Assert.Equal(ExecutionStatus.Timeout, execution.Status);
        Assert.Equal(1L, Assert.IsType<Dictionary<string, object?>>(execution.Result)["ttl"]);
    }
}
