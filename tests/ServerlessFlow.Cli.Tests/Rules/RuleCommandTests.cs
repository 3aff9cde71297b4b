using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests.Rules;

public sealed class RuleCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sflow-rule-test").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private const string WebhookRule = """
        name: on_deploy
        pack: demo
        enabled: true
        trigger:
          type: core.st2.webhook
          parameters: {url: deploy}
        criteria:
          trigger.body.env:
            type: equals
            pattern: prod
          trigger.body.count:
            type: gt
            pattern: "{{ trigger.body.threshold }}"
        action:
          ref: core.local
          parameters:
            cmd: "deploy {{ trigger.body.env }}"
        """;

    [Fact]
    public async Task Test_MatchingRule_PrintsEachCriterionAndParametersAndExitsZero()
    {
        var rule = Write("rule.yaml", WebhookRule);
        var instance = Write("i.json", """{"trigger": "core.st2.webhook", "payload": {"headers": {}, "body": {"env": "prod", "count": 5, "threshold": 3}}}""");

        var (code, output, _) = await Sflow.RunAsync("rule", "test", "--rule", rule, "--trigger-instance", instance);

        Assert.Equal(0, code);
        Assert.Contains("PASS  trigger.body.env equals", output, StringComparison.Ordinal);
        Assert.Contains("PASS  trigger.body.count gt", output, StringComparison.Ordinal);
        Assert.Contains("pattern: 3", output, StringComparison.Ordinal);
        Assert.Contains("cmd: \"deploy prod\"", output, StringComparison.Ordinal);
        Assert.Contains("Result: MATCHED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_NotMatchingJson_ReportsTheFailingCriterionAndExitsOne()
    {
        var rule = Write("rule.yaml", WebhookRule);
        var instance = Write("i.json", """{"trigger": "core.st2.webhook", "payload": {"headers": {}, "body": {"env": "dev", "count": 5, "threshold": 3}}}""");

        var (code, output, _) = await Sflow.RunAsync("rule", "test", "--rule", rule, "--trigger-instance", instance, "--json");

        Assert.Equal(1, code);
        var json = (Dictionary<string, object?>)JsonText.Parse(output)!;
        Assert.Equal(false, json["matched"]);
        var first = (Dictionary<string, object?>)((List<object?>)json["criteria"]!)[0]!;
        Assert.Equal(("trigger.body.env", "equals", "prod", "dev", false), (first["key"], first["operator"], first["pattern"], first["value"], first["passed"]));
        Assert.True(first.ContainsKey("reason"));
        Assert.Null(json["parameters"]);
    }

    [Fact]
    public async Task Test_UnknownOperator_ExitsTwoWithReason()
    {
        var rule = Write("rule.yaml", WebhookRule.Replace("type: equals", "type: similar", StringComparison.Ordinal));
        var instance = Write("i.json", """{"trigger": "core.st2.webhook", "payload": {"body": {}}}""");

        var (code, _, error) = await Sflow.RunAsync("rule", "test", "--rule", rule, "--trigger-instance", instance);

        Assert.Equal(2, code);
        Assert.Contains("unknown operator \"similar\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_InvalidPayload_ExitsTwoAndNamesTheViolation()
    {
        var rule = Write("rule.yaml", WebhookRule);
        var instance = Write("i.json", """{"trigger": "core.st2.webhook", "payload": {"body": "not an object"}}""");

        var (code, output, _) = await Sflow.RunAsync("rule", "test", "--rule", rule, "--trigger-instance", instance);

        Assert.Equal(2, code);
        Assert.Contains("invalid payload: payload.body", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_MissingInstanceFile_ExitsTwo()
    {
        var rule = Write("rule.yaml", WebhookRule);

        var (code, _, error) = await Sflow.RunAsync("rule", "test", "--rule", rule, "--trigger-instance", Path.Combine(_folder, "nope.json"));

        Assert.Equal(2, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_Pack_EveryRuleReportedAndExitZeroWhenOneMatches()
    {
        Write("demo/pack.yaml", "ref: demo\nname: demo\nversion: 1.0.0\ndescription: d\nauthor: a\nemail: a@example.com\n");
        Write("demo/rules/on_deploy.yaml", WebhookRule);
        Write("demo/rules/other.yaml", WebhookRule.Replace("name: on_deploy", "name: other", StringComparison.Ordinal).Replace("pattern: prod", "pattern: test", StringComparison.Ordinal));
        var instance = Write("i.json", """{"trigger": "core.st2.webhook", "payload": {"headers": {}, "body": {"env": "prod", "count": 5, "threshold": 3}}}""");

        var (code, output, _) = await Sflow.RunAsync("rule", "test", "--pack", Path.Combine(_folder, "demo"), "--trigger-instance", instance, "--json");

        Assert.Equal(0, code);
        var json = (Dictionary<string, object?>)JsonText.Parse(output)!;
        var rules = ((List<object?>)json["rules"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal([("demo.on_deploy", true), ("demo.other", false)], rules.Select(r => ((string)r["rule"]!, (bool)r["matched"]!)));
    }
}
