using System.Net;
using ServerlessFlow.Core.Values;
using ServerlessFlow.FunctionsHost.Tests.Hosting;
using ServerlessFlow.Runtime.Triggers;
using static ServerlessFlow.FunctionsHost.Tests.Hosting.HostApiClient;

namespace ServerlessFlow.FunctionsHost.Tests.Pipeline;

/// <summary>One event through the real host: HTTP trigger → trigger instance → Storage Queue trigger → rule → Orquesta
/// workflow as a Durable orchestration → records read back through the API.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class WebhookPipelineTests(FunctionsHostFixture fixture)
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(4);

    [SkippableFact]
    public async Task Webhook_OrderPosted_WorkflowRunsOnDurableAndApiReadsEveryRecordBack()
    {
        fixture.SkipIfUnavailable();
        var api = fixture.Api;
        var tag = "host-order-" + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(HttpStatusCode.Accepted, await api.PostWebhookAsync("orders", """{"order_id":"A1","items":["x","y","z"],"customer":"ann"}""", tag));

        var started = await Eventually.WaitAsync(
            () => api.ListAsync($"/api/v1/executions?action=examples.process_order&trace_tag={tag}"), l => l.Count > 0, Ceiling, "the workflow execution", fixture.Diagnostics);
        var id = (string)Field(Assert.Single(started), "id")!;
        var done = await api.WaitForExecutionEndAsync(id, Ceiling, fixture.Diagnostics);
        Assert.Equal("succeeded", Field(done, "status"));
        Assert.Equal(
            """{"output":{"order_id":"A1","notice":"order A1 from ann","checked":["checking x","checking y","checking z"]}}""",
            JsonText.Serialize(Field(done, "result")));
        Assert.Equal("examples.order_webhook", Field(done, "context", "rule"));
        // web_url: the execution's page in the console this app serves, at the address the client used.
        Assert.Equal(fixture.Host.BaseUrl + "/api/console/#/executions/" + id, Field(done, "web_url"));

        // Every task ran as a Durable activity and was recorded: start, three items, note_order, summarise.
        var children = (List<object?>)(await api.GetAsync($"/api/v1/executions/{id}/children"))!;
        Assert.Equal(6, children.Count);
        Assert.All(children, c => Assert.Equal("succeeded", Field(c, "status")));
        Assert.Equal(["check_items", "check_items", "check_items", "note_order", "start", "summarise"], children.Select(c => (string)Field(c, "context", "task")!).Order(StringComparer.Ordinal));

        var instanceId = (string)Field(done, "context", "trigger_instance")!;
        var instance = await api.WaitForAsync($"/api/v1/triggerinstances/{instanceId}", i => Field(i, "status") is "processed", Ceiling, fixture.Diagnostics);
        Assert.Equal("core.st2.webhook", Field(instance, "trigger"));
        Assert.Equal("A1", Field(instance, "payload", "body", "order_id"));
        Assert.Equal(tag, Field(instance, "trace_tag"));

        var enforcement = Assert.Single(await api.ListAsync($"/api/v1/ruleenforcements?trigger_instance={instanceId}"));
        Assert.Equal("examples.order_webhook", Field(enforcement, "rule", "ref"));
        Assert.Equal(id, Field(enforcement, "execution_id"));
        Assert.Equal("succeeded", Field(enforcement, "status"));
    }

    // The Storage Queue has no duplicate detection: the three copies of one message are read in one batch and evaluated
    // at the same time on different threads of the worker, racing for the same enforcement and execution records.
    [SkippableFact]
    public async Task EvaluateRules_SameMessageDeliveredThreeTimesAtOnce_OneEnforcementAndOneExecution()
    {
        fixture.SkipIfUnavailable();
        var api = fixture.Api;
        var storage = new AppStorage(fixture.Azurite.ConnectionString, fixture.Options);
        var tag = "host-once-" + Guid.NewGuid().ToString("N")[..8];
        var instance = new TriggerInstanceState
        {
            Id = "hosttests-once-" + Guid.NewGuid().ToString("N"),
            Trigger = "core.st2.webhook",
            TriggerParameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["url"] = "hosttests/once" },
            Payload = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["headers"] = new Dictionary<string, object?>(StringComparer.Ordinal),
                ["body"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["tag"] = tag },
            },
            OccurrenceTime = DateTimeOffset.UtcNow,
            TraceTag = tag,
        };
        await storage.StoreTriggerInstanceAsync(instance);
        const string Failed = "Executed 'Functions.EvaluateRulesFromQueue' (Failed";
        var failedBefore = fixture.Host.CountLogLines(Failed);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => storage.SendTriggerMessageAsync(instance.Id, tag)));

        // All three copies are gone from the queue once each was handled (completed, or moved to the poison queue).
        await Eventually.WaitAsync(() => AppStorage.CountAsync(storage.TriggerQueue), n => n == 0, Ceiling, "the trigger queue to drain", fixture.Diagnostics);
        var executions = await Eventually.WaitAsync(
            () => api.ListAsync($"/api/v1/executions?action=hosttests.one_step&trace_tag={tag}"), l => l.Count > 0, Ceiling, "the execution", fixture.Diagnostics);
        var execution = await api.WaitForExecutionEndAsync((string)Field(Assert.Single(executions), "id")!, Ceiling, fixture.Diagnostics);
        Assert.Equal("succeeded", Field(execution, "status"));
        Assert.Equal(tag, Field(execution, "result", "output", "tag"));

        var enforcement = Assert.Single(await api.ListAsync($"/api/v1/ruleenforcements?trigger_instance={instance.Id}"));
        Assert.Equal(Field(execution, "id"), Field(enforcement, "execution_id"));
        Assert.Single(await api.ListAsync($"/api/v1/executions?action=hosttests.one_step&trace_tag={tag}"));
        Assert.Equal("processed", Field(await api.GetAsync($"/api/v1/triggerinstances/{instance.Id}"), "status"));
        Assert.DoesNotContain(await storage.PeekPoisonAsync(), m => m.Contains(instance.Id, StringComparison.Ordinal));

        // No copy failed and waited for a retry: concurrent evaluations of one instance do not trip over each other's writes.
        Assert.True(failedBefore == fixture.Host.CountLogLines(Failed), "A rule evaluation failed:\n" + fixture.Diagnostics());
    }
}
