using System.Net;
using ServerlessFlow.Core.Values;
using ServerlessFlow.FunctionsHost.Tests.Hosting;
using static ServerlessFlow.FunctionsHost.Tests.Hosting.HostApiClient;

namespace ServerlessFlow.FunctionsHost.Tests.Workflows;

/// <summary>core.ask in a workflow on Durable, answered through <c>/api/v1/inquiries</c> (the answer wakes the orchestration
/// through the host's Durable client binding).</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class InquiryHostTests(FunctionsHostFixture fixture)
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(4);

    [SkippableFact]
    public async Task Inquiry_AnsweredThroughApi_WorkflowResumesAndSecretIsMasked()
    {
        fixture.SkipIfUnavailable();
        var api = fixture.Api;
        var (status, started) = await api.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"hosttests.approval"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var workflowId = (string)Field(started, "id")!;

        var pending = await Eventually.WaitAsync(
            async () => (await api.ListAsync("/api/v1/inquiries")).Where(i => Field(i, "parent") as string == workflowId).ToList(),
            l => l.Count > 0, Ceiling, "the workflow's inquiry", fixture.Diagnostics);
        var inquiryId = (string)Field(Assert.Single(pending), "id")!;
        await api.WaitForAsync($"/api/v1/executions/{workflowId}", e => Field(e, "status") is "paused", Ceiling, fixture.Diagnostics);

        // A wrong answer is refused with the reason and changes nothing.
        var (refused, fault) = await api.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"approved":"yes"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("approved", (string)Field(fault, "faultstring")!, StringComparison.Ordinal);
        Assert.Equal("pending", Field(await api.GetAsync($"/api/v1/inquiries/{inquiryId}"), "status"));

        var (answered, _) = await api.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"approved":true,"pin":"4711"}}""");
        Assert.Equal(HttpStatusCode.OK, answered);

        var done = await api.WaitForExecutionEndAsync(workflowId, Ceiling, fixture.Diagnostics);
        Assert.Equal("succeeded", Field(done, "status"));
        Assert.Equal("""{"output":{"approved":true}}""", JsonText.Serialize(Field(done, "result")));
        var inquiry = await api.GetAsync($"/api/v1/inquiries/{inquiryId}");
        Assert.Equal("succeeded", Field(inquiry, "status"));
        Assert.Equal("""{"approved":true,"pin":"********"}""", JsonText.Serialize(Field(inquiry, "response")));
    }
}
