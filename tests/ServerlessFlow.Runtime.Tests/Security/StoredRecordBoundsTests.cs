using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Tests.Api;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Security;

/// <summary>Issue #12, finding 6: a stored record can always be read back (a record stored before ingress was bounded, 510
/// levels deep, never breaks the listing), and a continuation token this server did not give is a 400, not an empty page.</summary>
public sealed class StoredRecordBoundsTests
{
    private readonly ApiWorld world = new();

    [Fact]
    public async Task HandleAsync_InstanceNested520LevelsInStore_ListAndGetStillAnswer()
    {
        // What an older build stored from a 1 KB webhook nested 510 levels (internal dispatch has no ingress bound).
        object? body = new List<object?>();
        for (var i = 1; i < 520; i++)
        {
            body = new List<object?> { body };
        }

        var deep = await world.Host.Triggers.DispatchAsync("core.st2.webhook", new() { ["headers"] = new Dictionary<string, object?>(), ["body"] = body });
        var shallow = await world.Host.Triggers.DispatchAsync("core.st2.webhook", new() { ["body"] = "fine" });

        var list = await world.CallAsync("triggerinstances", Get());
        var one = await world.CallAsync("triggerinstances", Get(deep.Id));

        Assert.Equal(200, list.StatusCode);
        Assert.Contains(deep.Id, Ids(list));
        Assert.Contains(shallow.Id, Ids(list));
        Assert.Equal(200, one.StatusCode);
        Assert.Equal(519, PlainValues.Depth(((Dictionary<string, object?>)Object(one)["payload"]!)["body"], 1000));
    }

    [Theory]
    [InlineData("executions")]
    [InlineData("triggerinstances")]
    [InlineData("ruleenforcements")]
    [InlineData("inquiries")]
    [InlineData("actions")]
    public async Task HandleAsync_GarbageContinuationToken_Answers400NamingIt(string resource)
    {
        var result = await world.CallAsync(resource, Get("", ("continuation_token", "garbage' or 1 eq 1")));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("continuation_token", Fault(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_TokenFromPreviousPage_StillPages()
    {
        for (var i = 0; i < 3; i++)
        {
            await world.Host.Triggers.DispatchAsync("examples.order", new() { ["n"] = (long)i });
            world.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await world.CallAsync("triggerinstances", Get("", ("limit", "2")));
        var second = await world.CallAsync("triggerinstances", Get("", ("limit", "2"), ("continuation_token", first.Headers["X-Continuation-Token"])));

        Assert.Equal(200, second.StatusCode);
        Assert.Single(List(second));
    }
}
