using Microsoft.Extensions.Time.Testing;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Triggers;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class RuleTestsApiTests : IDisposable
{
    private readonly ConsolePack packs = new();
    private readonly InMemoryTriggerInstanceStore instances = new();
    private readonly RuleTestsApi api;

    public RuleTestsApiTests() =>
        api = new RuleTestsApi(() => [.. packs.Catalog.Packs.SelectMany(p => p.Rules)], packs.Catalog, instances, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));

    public void Dispose() => packs.Dispose();

    private async Task<string> StoreAsync(Dictionary<string, object?> body)
    {
        var (stored, _) = await instances.CreateAsync(new TriggerInstanceState
        {
            Id = "ti-" + instances.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture) + body.Count,
            Trigger = "core.st2.webhook",
            TriggerParameters = new(StringComparer.Ordinal) { ["url"] = "named" },
            Payload = new(StringComparer.Ordinal) { ["body"] = body, ["headers"] = new Dictionary<string, object?>(StringComparer.Ordinal) },
            OccurrenceTime = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
        });
        return stored.Id;
    }

    private static List<Dictionary<string, object?>> Results(ApiResult result) =>
        [.. ((List<object?>)Object(result)["results"]!).Cast<Dictionary<string, object?>>()];

    private static Dictionary<string, object?> Criterion(Dictionary<string, object?> report, string key) =>
        Assert.Single(((List<object?>)report["criteria"]!).Cast<Dictionary<string, object?>>(), c => (string)c["key"]! == key);

    [Fact]
    public async Task HandleAsync_RuleThatDoesNotMatch_AnswersEachCriterionWithValuePatternAndVerdict()
    {
        var id = await StoreAsync(new(StringComparer.Ordinal) { ["name"] = "R2-D2", ["count"] = 5L });

        var result = await api.HandleAsync(With("POST", "", $$"""{"rule": "shop.named", "trigger_instance": "{{id}}"}"""), CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        var report = Assert.Single(Results(result));
        Assert.Equal("shop.named", report["rule"]);
        Assert.Equal(false, report["matched"]);
        var name = Criterion(report, "trigger.body.name");
        Assert.Equal(false, name["passed"]);
        Assert.Equal("R2-D2", name["value"]);
        Assert.Equal("^[A-Za-z ]+$", name["pattern"]);
        Assert.Equal("regex", name["operator"]);
        var count = Criterion(report, "trigger.body.count");
        Assert.Equal(true, count["passed"]);
        Assert.Equal(5L, count["value"]);
        Assert.Null(report["parameters"]);
        Assert.Equal(id, ((Dictionary<string, object?>)Object(result)["trigger_instance"]!)["id"]);
    }

    [Fact]
    public async Task HandleAsync_NoRuleNamed_TestsEveryRuleOfTheInstancesTriggerType()
    {
        var id = await StoreAsync(new(StringComparer.Ordinal) { ["name"] = "Ann", ["count"] = 3L });

        var result = await api.HandleAsync(With("POST", "", $$"""{"trigger_instance": "{{id}}"}"""), CancellationToken.None);

        var reports = Results(result);
        Assert.Equal(["shop.any_webhook", "shop.named"], reports.Select(r => (string)r["rule"]!));
        Assert.All(reports, r => Assert.Equal(true, r["matched"]));
        Assert.Equal(false, reports[0]["enabled"]);
        Assert.Contains(((List<object?>)reports[0]["notes"]!).Cast<string>(), n => n.Contains("disabled", StringComparison.Ordinal));
        Assert.Equal("hello Ann", ((Dictionary<string, object?>)reports[1]["parameters"]!)["message"]);
    }

    [Fact]
    public async Task HandleAsync_BadRequests_AnswerClearErrorsNamingWhatWasWrong()
    {
        var id = await StoreAsync(new(StringComparer.Ordinal) { ["name"] = "Ann" });

        var missing = await api.HandleAsync(With("POST", "", """{"rule": "shop.named"}"""), CancellationToken.None);
        var unknownInstance = await api.HandleAsync(With("POST", "", """{"trigger_instance": "nope"}"""), CancellationToken.None);
        var unknownRule = await api.HandleAsync(With("POST", "", $$"""{"rule": "shop.nope", "trigger_instance": "{{id}}"}"""), CancellationToken.None);
        var badRule = await api.HandleAsync(With("POST", "", $$"""{"rule": 7, "trigger_instance": "{{id}}"}"""), CancellationToken.None);
        var get = await api.HandleAsync(Get(""), CancellationToken.None);

        Assert.Equal((400, "Field \"trigger_instance\" (the id of a stored trigger instance) is required."), (missing.StatusCode, Fault(missing)));
        Assert.Equal((404, "Trigger instance nope was not found."), (unknownInstance.StatusCode, Fault(unknownInstance)));
        Assert.Equal((404, "Rule shop.nope is not in any loaded pack."), (unknownRule.StatusCode, Fault(unknownRule)));
        Assert.Equal(400, badRule.StatusCode);
        Assert.Equal(405, get.StatusCode);
    }
}
