using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Tests.Timers;

public sealed class RuleTimersTests
{
    private static CompiledRule Rule(string name, bool enabled, string type, Dictionary<string, object?> parameters) =>
        CompiledRule.Create("examples." + name, enabled, RuleKind.Standard, type, parameters, null, "core.noop", null);

    private static readonly CompiledRule[] Rules =
    [
        Rule("every_minute", true, TimerTriggerTypes.Interval, new() { ["unit"] = "minutes", ["delta"] = 1L }),
        Rule("also_every_minute", true, TimerTriggerTypes.Interval, new() { ["delta"] = 1L, ["unit"] = "minutes" }),
        Rule("disabled_cron", false, TimerTriggerTypes.Cron, new() { ["hour"] = 3L }),
        Rule("hook", true, WebhookRegistry.WebhookTriggerType, new() { ["url"] = "/sample/" }),
        Rule("disabled_hook", false, WebhookRegistry.WebhookTriggerType, new() { ["url"] = "off" }),
    ];

    [Fact]
    public void From_Rules_KeepsEnabledTimerRulesOnly()
    {
        var timers = RuleTimers.From(Rules);

        Assert.Equal(2, timers.Count);
        Assert.All(timers, t => Assert.Equal(TimerTriggerTypes.Interval, t.Type));
        Assert.Equal(timers[0].Key, timers[1].Key);
    }

    [Fact]
    public void WebhookRegistry_FromRules_KeepsEnabledWebhookUrlsNormalized()
    {
        var registry = WebhookRegistry.FromRules(Rules);

        Assert.True(registry.IsRegistered("sample"));
        Assert.True(registry.IsRegistered("/sample"));
        Assert.False(registry.IsRegistered("off"));
        Assert.Equal(["sample"], registry.Hooks);
    }
}
