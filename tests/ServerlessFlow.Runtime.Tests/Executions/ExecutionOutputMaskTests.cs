using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Api;
using ServerlessFlow.Runtime.Tests.Support;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Executions;

public sealed class ExecutionOutputMaskTests
{
    public static TheoryData<string> GoldenCases()
    {
        var data = new TheoryData<string>();
        foreach (var item in Golden())
        {
            data.Add((string)((Dictionary<string, object?>)item!)["name"]!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void MaskValue_St2GoldenCase_MatchesSt2(string name)
    {
        var golden = Golden().Cast<Dictionary<string, object?>>().Single(c => (string)c["name"]! == name);

        var masked = ExecutionOutputMask.MaskValue(golden["schema"], golden["value"]);

        Assert.Equal(JsonText.Serialize(golden["expected"]), JsonText.Serialize(masked));
    }

    [Fact]
    public void Apply_SecretUnderOutputKey_MasksOnlyInsideTheOutputKey()
    {
        var result = Parse("""{"result": {"token": "t", "user": "u"}, "stdout": "token=t", "exit_code": 0}""");

        var masked = ExecutionOutputMask.Apply(result, "result", Schema("""{"type": "object", "properties": {"token": {"type": "string", "secret": true}}}"""));

        Assert.Equal("""{"result":{"token":"********","user":"u"},"stdout":"token=t","exit_code":0}""", JsonText.Serialize(masked));
    }

    [Fact]
    public void Apply_LegacySchemaWithoutType_MasksAsObjectProperties()
    {
        var result = Parse("""{"result": {"token": "t", "user": "u"}}""");

        var masked = ExecutionOutputMask.Apply(result, "result", Schema("""{"token": {"type": "string", "secret": true}, "user": {"type": "string"}}"""));

        Assert.Equal("""{"result":{"token":"********","user":"u"}}""", JsonText.Serialize(masked));
    }

    [Theory]
    [InlineData("""{"result": {"token": "t"}}""", null)]
    [InlineData("""{"other": {"token": "t"}}""", "result")]
    [InlineData("""{}""", "result")]
    public void Apply_NoOutputKeyOrMissingKey_LeavesResultUnchanged(string json, string? outputKey)
    {
        var result = Parse(json);

        var masked = ExecutionOutputMask.Apply(result, outputKey, Schema("""{"type": "object", "properties": {"token": {"type": "string", "secret": true}}}"""));

        Assert.Equal(JsonText.Serialize(Parse(json)), JsonText.Serialize(masked));
    }

    [Fact]
    public void Apply_NoSchemaOrNonObjectResult_LeavesResultUnchanged()
    {
        var schema = Schema("""{"type": "string", "secret": true}""");

        Assert.Equal("plain", ExecutionOutputMask.Apply("plain", "result", schema));
        Assert.Equal("""{"result":"s"}""", JsonText.Serialize(ExecutionOutputMask.Apply(Parse("""{"result": "s"}"""), "result", null)));
        Assert.Equal("""{"result":"********"}""", JsonText.Serialize(ExecutionOutputMask.Apply(Parse("""{"result": "s"}"""), "result", schema)));
    }

    [Fact]
    public async Task ExecutionsApi_SecretOutput_MaskedInApiButNotInStore()
    {
        var folder = Directory.CreateTempSubdirectory("sflow-mask-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "actions"));
            await File.WriteAllTextAsync(Path.Combine(folder, "pack.yaml"), "name: masking\nversion: 1.0.0\nauthor: t\nemail: t@example.com\ndescription: d\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "actions", "login.py"), "print('x')\n");
            await File.WriteAllTextAsync(
                Path.Combine(folder, "actions", "login.yaml"),
                "name: login\nrunner_type: python-script\nentry_point: login.py\noutput_schema:\n  type: object\n  properties:\n    token:\n      type: string\n      secret: true\n");
            var catalog = CorePack.Load(folder);
            var world = new ApiWorld();
            var api = new ReadRunApi(ApiKeyGuard.Open, [new ExecutionsApi(world.Host.Executions, catalog, world.Host.Actions, world.Control, world.Time)]);
            var stored = ExecutionState.Create("e1", "masking.login", "python-script", [], new ExecutionContextState(), world.Time.GetUtcNow())
                with { Result = Parse("""{"result": {"token": "t0k", "user": "ann"}, "exit_code": 0}""") };
            await world.Host.Executions.CreateAsync(stored);

            var get = Object(await api.HandleAsync("executions", Get("e1"), CancellationToken.None));
            var list = List(await api.HandleAsync("executions", Get(), CancellationToken.None));
            var again = await world.Host.Executions.GetAsync("e1");

            Assert.Equal("""{"result":{"token":"********","user":"ann"},"exit_code":0}""", JsonText.Serialize(get["result"]));
            Assert.Equal(JsonText.Serialize(get["result"]), JsonText.Serialize(((Dictionary<string, object?>)Assert.Single(list)!)["result"]));
            Assert.Equal("""{"result":{"token":"t0k","user":"ann"},"exit_code":0}""", JsonText.Serialize(again!.Result));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<object?> Golden() =>
        (List<object?>)JsonText.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "OutputMask", "output_mask.golden.json")))!;

    private static object? Parse(string json) => JsonText.Parse(json);

    private static Dictionary<string, object?> Schema(string json) => (Dictionary<string, object?>)JsonText.Parse(json)!;
}
