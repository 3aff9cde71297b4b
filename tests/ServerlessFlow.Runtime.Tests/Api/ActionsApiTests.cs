using ServerlessFlow.Runtime.Api;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class ActionsApiTests
{
    private readonly ApiWorld world = new();

    private static IEnumerable<string> Refs(ApiResult result) => List(result).Select(i => (string)((Dictionary<string, object?>)i!)["ref"]!);

    [Fact]
    public async Task HandleAsync_GetByRef_AnswersStackStormShapeWithRunnerParametersMerged()
    {
        var answer = await world.CallAsync("actions", Get("core.local"));

        var action = Object(answer);
        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("core.local", action["ref"]);
        Assert.Equal("core", action["pack"]);
        Assert.Equal("local", action["name"]);
        Assert.Equal("local-shell-cmd", action["runner_type"]);
        Assert.Equal(true, action["enabled"]);
        Assert.Equal(string.Empty, action["entry_point"]);
        Assert.Equal("action:core:local", action["uid"]);
        var parameters = Assert.IsType<Dictionary<string, object?>>(action["parameters"]);
        var cmd = Assert.IsType<Dictionary<string, object?>>(parameters["cmd"]);
        var timeout = Assert.IsType<Dictionary<string, object?>>(parameters["timeout"]);
        var sudo = Assert.IsType<Dictionary<string, object?>>(parameters["sudo"]);
        var password = Assert.IsType<Dictionary<string, object?>>(parameters["sudo_password"]);
        Assert.Equal(true, cmd["required"]);
        Assert.Equal("integer", timeout["type"]);
        Assert.Equal(60L, timeout["default"]);
        Assert.Equal(true, sudo["immutable"]);
        Assert.Equal("boolean", sudo["type"]);
        Assert.Equal(true, password["secret"]);
    }

    [Fact]
    public async Task HandleAsync_ListWithPackFilterAndPaging_AnswersSortedPages()
    {
        var all = await world.CallAsync("actions", Get(""));
        var first = await world.CallAsync("actions", Get("", ("pack", "core"), ("limit", "2")));
        var token = first.Headers[ApiPaging.ContinuationHeader];
        var second = await world.CallAsync("actions", Get("", ("pack", "core"), ("limit", "2"), ("continuation_token", token)));
        var offset = await world.CallAsync("actions", Get("", ("pack", "core"), ("limit", "2"), ("offset", "2")));
        var otherPack = await world.CallAsync("actions", Get("", ("pack", "nope")));

        var refs = Refs(all).ToList();
        Assert.Contains("core.local", refs);
        Assert.Equal(refs.Order(StringComparer.Ordinal), refs);
        Assert.Equal(refs.Take(2), Refs(first));
        Assert.Equal(refs.Skip(2).Take(2), Refs(second));
        Assert.Equal(Refs(second), Refs(offset));
        Assert.Empty(List(otherPack));
    }

    [Fact]
    public async Task HandleAsync_UnknownRefBadTokenOrMethod_AnswersClearErrors()
    {
        var missing = await world.CallAsync("actions", Get("core.nope"));
        var badToken = await world.CallAsync("actions", Get("", ("continuation_token", "x")));
        var post = await world.CallAsync("actions", With("POST", "", "{}"));
        var deep = await world.CallAsync("actions", Get("core.local/more"));

        Assert.Equal(404, missing.StatusCode);
        Assert.Equal("Action core.nope is not in any loaded pack.", Fault(missing));
        Assert.Equal(400, badToken.StatusCode);
        Assert.Contains("continuation_token", Fault(badToken), StringComparison.Ordinal);
        Assert.Equal(405, post.StatusCode);
        Assert.Equal(404, deep.StatusCode);
    }
}
