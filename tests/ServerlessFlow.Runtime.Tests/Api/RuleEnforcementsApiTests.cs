using ServerlessFlow.Runtime.Enforcements;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class RuleEnforcementsApiTests
{
    private readonly ApiWorld world = new();

    [Fact]
    public async Task HandleAsync_GetAndFilter_AnswerStoredRecords()
    {
        foreach (var (id, rule) in new[] { ("enf-1", "examples.a"), ("enf-2", "examples.b") })
        {
            world.Time.Advance(TimeSpan.FromSeconds(1));
            await world.Enforcements.CreateAsync(new RuleEnforcementState { Id = id, RuleRef = rule, TriggerInstanceId = "ti-" + id, EnforcedAt = world.Time.GetUtcNow() });
        }

        var byRule = await world.CallAsync("ruleenforcements", Get("", ("rule", "examples.b")));
        var byInstance = await world.CallAsync("ruleenforcements", Get("", ("trigger_instance", "ti-enf-1")));
        var one = await world.CallAsync("ruleenforcements", Get("enf-1"));
        var missing = await world.CallAsync("ruleenforcements", Get("enf-9"));
        var post = await world.CallAsync("ruleenforcements", With("POST", "", "{}"));

        Assert.Equal(["enf-2"], Ids(byRule));
        Assert.Equal(["enf-1"], Ids(byInstance));
        Assert.Equal("examples.a", Assert.IsType<Dictionary<string, object?>>(Object(one)["rule"])["ref"]);
        Assert.Equal("Rule enforcement enf-9 was not found.", Fault(missing));
        Assert.Equal(405, post.StatusCode);
    }
}
