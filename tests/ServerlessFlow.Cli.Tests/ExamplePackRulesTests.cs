using System.Text.Json;

namespace ServerlessFlow.Cli.Tests;

/// <summary>The rules of packs/examples match the trigger instances they are written for and render
/// their action parameters (checked with <c>sflow rule test</c>), so the examples are runnable content.</summary>
public class ExamplePackRulesTests
{
    private static readonly string Packs = Path.Combine(RepositoryPaths.Root, "packs");

    private static Task<JsonElement> TestRule(string rule, string instanceJson) =>
        Sflow.RunJsonWithFileAsync(instanceJson, file =>
            ["rule", "test", "--rule", Path.Combine(Packs, "examples", "rules", rule), "--with-pack", Path.Combine(Packs, "examples"), "--with-pack", Path.Combine(Packs, "core"), "--trigger-instance", file, "--json"]);

    [Fact]
    public async Task OrderWebhook_OrderPosted_StartsProcessOrderWithTypedParameters()
    {
        var result = await TestRule("order_webhook.yaml", """{"trigger": "core.st2.webhook", "payload": {"headers": {}, "body": {"order_id": "A-17", "items": ["apple", "pear"]}}}""");

        Assert.True(result.GetProperty("matched").GetBoolean(), result.ToString());
        Assert.Equal("examples.process_order", result.GetProperty("action").GetString());
        var parameters = result.GetProperty("parameters");
        Assert.Equal("A-17", parameters.GetProperty("order_id").GetString());
        Assert.Equal(["apple", "pear"], parameters.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("guest", parameters.GetProperty("customer").GetString());
    }

    [Fact]
    public async Task HeartbeatTimer_Tick_EchoesTheTime()
    {
        var result = await TestRule("heartbeat_timer.yaml", """{"trigger": "core.st2.IntervalTimer", "payload": {"executed_at": "2026-11-24 23:00:00.000000"}}""");

        Assert.True(result.GetProperty("matched").GetBoolean(), result.ToString());
        Assert.Equal("core.echo", result.GetProperty("action").GetString());
        Assert.Equal("heartbeat at 2026-11-24 23:00:00.000000", result.GetProperty("parameters").GetProperty("message").GetString());
    }

    [Fact]
    public async Task GreetWebhook_NameWithDigits_DoesNotMatch()
    {
        var result = await TestRule("greet_webhook.yaml", """{"trigger": "core.st2.webhook", "payload": {"headers": {}, "body": {"name": "R2D2"}}}""");

        Assert.False(result.GetProperty("matched").GetBoolean(), result.ToString());
    }
}
