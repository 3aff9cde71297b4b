using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Support;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class InquiriesApiTests
{
    private readonly ApiWorld world = new();

    private async Task<string> AskAsync()
    {
        var ask = await world.Host.Actions.RunAsync(
            CorePack.Action("core.ask"),
            new() { ["schema"] = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = new Dictionary<string, object?> { ["ok"] = new Dictionary<string, object?> { ["type"] = "boolean" } }, ["required"] = new List<object?> { "ok" } } },
            Path.Combine(CorePack.Directory, "actions"));
        Assert.Equal(ExecutionStatus.Pending, ask.Status);
        return ask.Id;
    }

    [Fact]
    public async Task HandleAsync_ListDefault_AnswersPendingInquiries()
    {
        var id = await AskAsync();

        var result = await world.CallAsync("inquiries", Get());

        Assert.Equal([id], Ids(result));
    }

    [Fact]
    public async Task HandleAsync_RespondValid_AnswersAndCompletesTheAsk()
    {
        var id = await AskAsync();

        var result = await world.CallAsync("inquiries", With("PUT", id, """{"response": {"ok": true}}"""));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(id, Object(result)["id"]);
        Assert.Equal(ExecutionStatus.Succeeded, (await world.Host.Executions.GetAsync(id))?.Status);
        Assert.Empty(List(await world.CallAsync("inquiries", Get())));
        Assert.Equal([id], Ids(await world.CallAsync("inquiries", Get("", ("status", "succeeded")))));
    }

    [Fact]
    public async Task HandleAsync_SecretResponseProperty_IsMaskedInInquiryAndExecutionAnswersButStoredInClear()
    {
        var schema = new Dictionary<string, object?>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object?>
            {
                ["ok"] = new Dictionary<string, object?> { ["type"] = "boolean" },
                ["pin"] = new Dictionary<string, object?> { ["type"] = "string", ["secret"] = true },
            },
        };
        var id = (await world.Host.Actions.RunAsync(CorePack.Action("core.ask"), new() { ["schema"] = schema }, Path.Combine(CorePack.Directory, "actions"))).Id;

        var answered = await world.CallAsync("inquiries", With("PUT", id, """{"response": {"ok": true, "pin": "4711"}}"""));
        var inquiry = await world.CallAsync("inquiries", Get(id));
        var execution = await world.CallAsync("executions", Get(id));

        Assert.Equal(200, answered.StatusCode);
        Assert.Equal("********", Assert.IsType<Dictionary<string, object?>>(Object(answered)["response"])["pin"]);
        Assert.Equal("********", Assert.IsType<Dictionary<string, object?>>(Object(inquiry)["response"])["pin"]);
        Assert.Equal(true, Assert.IsType<Dictionary<string, object?>>(Object(inquiry)["response"])["ok"]);
        var result = Assert.IsType<Dictionary<string, object?>>(Object(execution)["result"]);
        Assert.Equal("********", Assert.IsType<Dictionary<string, object?>>(result["response"])["pin"]);
        Assert.DoesNotContain("4711", execution.BodyText, StringComparison.Ordinal);
        Assert.Equal("4711", (await world.Host.Inquiries.GetAsync(id))?.Response?["pin"]);
    }

    [Fact]
    public async Task HandleAsync_RespondAgainstSchema_Answers400AndLeavesItPending()
    {
        var id = await AskAsync();

        var result = await world.CallAsync("inquiries", With("PUT", id, """{"response": {"ok": "maybe"}}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("is invalid", Fault(result), StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Pending, (await world.Host.Executions.GetAsync(id))?.Status);
    }

    [Fact]
    public async Task HandleAsync_RespondWithoutResponseObject_Answers400()
    {
        var result = await world.CallAsync("inquiries", With("PUT", "any", """{"answer": {}}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Field \"response\" must be an object.", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_RespondUnknown_Answers404()
    {
        var result = await world.CallAsync("inquiries", With("PUT", "missing", """{"response": {}}"""));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("Inquiry missing was not found.", Fault(result));
    }
}
