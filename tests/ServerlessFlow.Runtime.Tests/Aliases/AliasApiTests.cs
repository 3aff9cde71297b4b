using ServerlessFlow.Runtime.Executions;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Aliases;

public sealed class AliasApiTests
{
    [Fact]
    public async Task Match_OneFormatMatches_AnswersAliasDisplayAndRepresentation()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("actionalias", With("POST", "match", """{"command": "local uname -a"}"""));

        Assert.Equal(200, result.StatusCode);
        var body = Object(result);
        Assert.Equal("core.local_shell", ((Dictionary<string, object?>)body["actionalias"]!)["ref"]);
        Assert.Equal("action_alias:core:local_shell", ((Dictionary<string, object?>)body["actionalias"]!)["uid"]);
        Assert.Equal("local <cmd>", body["display"]);
        Assert.Equal("local {{ cmd }}", body["representation"]);
    }

    [Fact]
    public async Task Match_TwoAliasesMatch_Answers400WithSt2Message()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("actionalias", With("POST", "match", """{"command": "say hi twice"}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith("Command 'say hi twice' matched more than 1 pattern", Fault(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Match_NothingMatches_Answers400()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("actionalias", With("POST", "match", """{"command": "dance"}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Command 'dance' matched no patterns", Fault(result));
    }

    [Fact]
    public async Task Help_FilteredByText_AnswersMatchingHelpStrings()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("actionalias", Get("help", ("filter", "say")));

        Assert.Equal(200, result.StatusCode);
        var body = Object(result);
        Assert.Equal(2L, Convert.ToInt64(body["available"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task MatchAndExecute_LocalCommand_StoresRequestedExecutionAndRunsItInTheBackground()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("aliasexecution", With("POST", "match_and_execute", """{"command": "local echo {{7*6}}", "user": "ann", "source_channel": "ops"}"""));

        Assert.Equal(201, result.StatusCode);
        var answer = (Dictionary<string, object?>)Assert.Single((List<object?>)Object(result)["results"]!)!;
        var execution = (Dictionary<string, object?>)answer["execution"]!;
        Assert.Equal("Running *echo {{7*6}}* as core.local_shell", answer["message"]);
        var context = (Dictionary<string, object?>)execution["context"]!;
        Assert.Equal("ann", context["api_user"]);
        Assert.Equal("ops", context["source_channel"]);
        Assert.Equal("local_shell", ((Dictionary<string, object?>)context["action_alias_ref"]!)["name"]);

        // The command's text is data: the braces reach the shell (a shell command, as in st2) as typed and are echoed, never rendered.
        var done = await world.CompletedAsync((string)execution["id"]!);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("{{7*6}}", ((Dictionary<string, object?>)done.Result!)["stdout"]?.ToString()?.Trim());
        var (message, _) = world.Service.RenderResult(world.Service.Match("local x").Alias, done);
        Assert.Equal("echo {{7*6}} said {{7*6}} (succeeded)", message);
    }

    [Fact]
    public async Task Post_NamedAliasAndFormat_AnswersOneResult()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("aliasexecution", With("POST", "", """{"name": "say", "format": "shout {{ message }}", "command": "shout hello"}"""));

        Assert.Equal(201, result.StatusCode);
        var execution = (Dictionary<string, object?>)Object(result)["execution"]!;
        Assert.Equal("hello", ((Dictionary<string, object?>)execution["parameters"]!)["message"]);
        await world.CompletedAsync((string)execution["id"]!);
    }

    [Fact]
    public async Task Post_UnknownAlias_Answers404()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("aliasexecution", With("POST", "", """{"name": "nope", "format": "x", "command": "x"}"""));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("Unable to identify action alias with name \"nope\".", Fault(result));
    }

    [Fact]
    public async Task Post_WithoutName_Answers400()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("aliasexecution", With("POST", "", """{"command": "say hi"}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Alias execution \"name\" is required", Fault(result));
    }

    [Fact]
    public async Task MatchAndExecute_ValueDoesNotCast_Answers400AndStoresNothing()
    {
        var world = new AliasWorld();

        var result = await world.CallAsync("aliasexecution", With("POST", "match_and_execute", """{"command": "nap for soon seconds"}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("for parameter \"max_pause\" of type \"integer\"", Fault(result), StringComparison.Ordinal);
        Assert.Empty((await world.Host.Executions.ListAsync(new ExecutionQuery(), CancellationToken.None)).Items);
    }
}
