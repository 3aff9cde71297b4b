using ServerlessFlow.Runtime.Api;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class ReadRunApiTests
{
    [Fact]
    public async Task HandleAsync_KeyRequiredButMissing_Answers401()
    {
        var world = new ApiWorld(apiKey: "s3cret");

        var result = await world.CallAsync("executions", Get());

        Assert.Equal(401, result.StatusCode);
        Assert.Equal("Missing API key: send the St2-Api-Key header.", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_WrongKey_Answers403()
    {
        var world = new ApiWorld(apiKey: "s3cret");

        var result = await world.CallAsync("keys", With("GET", "", null, ("st2-api-key", "guess")));

        Assert.Equal(403, result.StatusCode);
        Assert.Equal("Invalid API key.", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_RightKeyInHeader_Answers()
    {
        var world = new ApiWorld(apiKey: "s3cret");

        var result = await world.CallAsync("keys", With("GET", "", null, ("St2-Api-Key", "s3cret")));

        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_RightKeyInQuery_Answers()
    {
        var world = new ApiWorld(apiKey: "s3cret");

        var result = await world.CallAsync("ruleenforcements", Get("", ("st2-api-key", "s3cret")));

        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task Check_RequiredButNoKeyConfigured_RefusesEvenAKeyedRequest()
    {
        var guard = ApiKeyGuard.Require(null);

        var result = guard.Check(With("GET", "", null, ("St2-Api-Key", "anything")));

        Assert.Equal(403, result?.StatusCode);
    }

    [Fact]
    public void ForLocalServer_NoKey_IsOpen()
    {
        Assert.Null(ApiKeyGuard.ForLocalServer(null).Check(Get()));
        Assert.Equal(401, ApiKeyGuard.ForLocalServer("k").Check(Get())?.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_UnknownResource_Answers404()
    {
        var world = new ApiWorld();

        var result = await world.CallAsync("widgets", Get());

        Assert.Equal(404, result.StatusCode);
        Assert.StartsWith("No resource /api/v1/widgets: ServerlessFlow serves actions, executions,", Fault(result), StringComparison.Ordinal);
    }

    [Fact]
    public void ResourceNames_ListsTheSixResources()
    {
        Assert.Equal(
            ["actions", "executions", "inquiries", "keys", "ruleenforcements", "triggerinstances"],
            new ApiWorld().Api.ResourceNames.Order(StringComparer.Ordinal));
    }
}
