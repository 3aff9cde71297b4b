using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Hosting;
using ServerlessFlow.Functions.Sensors;
using ServerlessFlow.Functions.Tests.Support;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Functions.Tests.Sensors;

/// <summary>Pack Python in the Functions app, with the app's real composition and real workers (Debian's python3):
/// the SensorPoll Timer function calling poll(), and the run-action activity running a Python action in a workflow.</summary>
public sealed class PythonFunctionsTests : IAsyncLifetime
{
    private static readonly string? SkipReason = File.Exists("/usr/bin/python3") ? null : "no /usr/bin/python3 (eng/ci-deps.sh installs Debian's python3 and python3-venv)";
    private readonly string venvs = Path.Combine(Path.GetTempPath(), "sflow-fn-venvs-" + Guid.NewGuid().ToString("N")[..8]);
    private FunctionsWorld? world;

    private FunctionsWorld World => world ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        world = await FunctionsWorld.StartAsync(
            Path.Combine(TestPaths.RepositoryRoot, "tests", "TestData", "python-packs"),
            new Dictionary<string, string?> { [AppSettingNames.PythonVirtualEnvironments] = venvs });
    }

    public async Task DisposeAsync()
    {
        if (world is not null)
        {
            await world.DisposeAsync();
        }

        if (Directory.Exists(venvs))
        {
            Directory.Delete(venvs, recursive: true);
        }
    }

    [SkippableFact]
    public async Task SensorPoll_Tick_PollsEachSensorDispatchingToTheBusAndReportsFailures()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var function = World.Create<SensorPollFunction>();

        var outcomes = await function.TickAsync(CancellationToken.None);

        var counter = Assert.Single(outcomes, o => o.Sensor == "pysense.CounterSensor");
        Assert.True(counter.Succeeded, counter.Error);
        Assert.Equal(1, counter.Dispatched);
        Assert.Contains("Trigger type 'pysense.nobody_declares_this' does not exist in the loaded packs", counter.Error, StringComparison.Ordinal);
        var crash = Assert.Single(outcomes, o => o.Sensor == "pysense.CrashOnceSensor");
        Assert.False(crash.Succeeded);
        Assert.Contains("crashing on purpose, once", crash.Error, StringComparison.Ordinal);
        var stored = await World.Get<ITriggerInstanceStore>().ListAsync(new TriggerInstanceQuery { Limit = 10, Trigger = "pysense.counted" });
        var instance = Assert.Single(stored.Items);
        Assert.Equal(1L, instance.Payload["count"]);
        Assert.Equal("counter-1", instance.TraceTag);
    }

    [SkippableFact]
    public async Task RunActionActivity_PythonActionInWorkflow_RunsInTheWorkerAndPublishesItsResult()
    {
        Skip.If(SkipReason is not null, SkipReason);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var packs = World.Get<DeployedPacks>();
        await World.Get<ServerlessFlowRuntime>().Connect(new DurableTaskClientOrchestrations(World.Host.Client)).Actions.RunAsync(
            packs.Catalog.FindAction("pysense.square_flow")!,
            new() { ["number"] = 3L },
            Path.Combine(packs.Catalog.FindPack("pysense")!.Location, "actions"),
            executionId: "fnpy-1",
            cancellationToken: cts.Token);

        var result = await new WorkflowOrchestrationClient(World.Host.Client).WaitAsync("fnpy-1", cts.Token);
        var children = await World.Executions.ListChildrenAsync("fnpy-1", cts.Token);

        Assert.True(result.Status == "succeeded", result.ResultJson);
        Assert.Contains("\"squared\":9", result.ResultJson, StringComparison.Ordinal);
        var square = Assert.Single(children);
        Assert.Equal("pysense.square", square.Action);
        Assert.Equal(ExecutionStatus.Succeeded, square.Status);
        Assert.Equal(9L, ((Dictionary<string, object?>)square.Result!)["result"]);
    }
}
