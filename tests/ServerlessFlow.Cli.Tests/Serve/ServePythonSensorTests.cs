using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Python;
using ServerlessFlow.Runtime.Python.Sensors;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary><c>sflow serve</c> on a real Azurite with Python sensors: a polling sensor's trigger fires a rule that runs a
/// workflow of Python actions; an invalid dispatch is refused naming the sensor; a sensor that dies is restarted.</summary>
public sealed class ServePythonSensorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string? SkipReason = File.Exists("/usr/bin/python3") ? null : "no /usr/bin/python3 (eng/ci-deps.sh installs Debian's python3 and python3-venv)";

    [SkippableFact]
    public async Task Serve_PollingSensorDispatches_RuleRunsPythonWorkflowAndCrashedSensorRestarts()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var hub = "p" + Guid.NewGuid().ToString("N")[..12];
        var venvs = Path.Combine(Path.GetTempPath(), "sflow-serve-venvs-" + hub);
        try
        {
            await using var host = await ServeHost.StartAsync(new ServeOptions
            {
                PackFolders = [Path.Combine(RepositoryPaths.Root, "tests", "TestData", "python-packs", "pysense")],
                Url = "http://127.0.0.1:0",
                Storage = ServeStorageKind.Azurite,
                StorageConnectionString = azurite.ConnectionString,
                TaskHubName = hub,
                TablePrefix = hub,
                RunTimerLoop = false,
                RunSensors = true,
                Python = new PythonOptions { VirtualEnvironmentsRoot = venvs },
                Sensors = new SensorSupervisorOptions { InitialBackoff = TimeSpan.FromMilliseconds(200) },
            });
            using var client = new ServeClient(host.Url);

            var flows = await client.WaitForAsync(
                "/api/v1/executions?action=pysense.square_flow",
                body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded" or "failed",
                TimeSpan.FromMinutes(3));
            var flow = ((List<object?>)flows!)[0];
            Assert.Equal("succeeded", Field(flow, "status"));
            Assert.Equal("""{"output":{"squared":4}}""", JsonText.Serialize(Field(flow, "result")));

            var counted = (List<object?>)(await client.GetAsync("/api/v1/triggerinstances?trigger=pysense.counted"))!;
            Assert.Contains(counted, i => Field(i, "payload") is Dictionary<string, object?> p && p["count"] is 2L);
            Assert.DoesNotContain(counted, i => Field(i, "payload") is Dictionary<string, object?> p && p["count"] is "one");

            await client.WaitForAsync("/api/v1/triggerinstances?trigger=pysense.recovered", body => body is List<object?> { Count: 1 }, TimeSpan.FromMinutes(3));
            var crash = host.Sensors!.Find("pysense.CrashOnceSensor")!;
            Assert.True(crash.Restarts >= 1, $"restarts: {crash.Restarts}");
            Assert.Equal(1, crash.LastExitCode);
            Assert.Contains("crashing on purpose, once", crash.LastError, StringComparison.Ordinal);
            Assert.Equal("running", crash.Status);

            var counter = host.Sensors.Find("pysense.CounterSensor")!;
            Assert.Equal("running", counter.Status);
            Assert.True(counter.Rejected >= 2, $"rejected: {counter.Rejected}");
            Assert.Contains("sensor pysense.CounterSensor dispatched an invalid trigger instance: Trigger type 'pysense.nobody_declares_this' does not exist", counter.LastError, StringComparison.Ordinal);
            Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/triggerinstances?trigger=pysense.nobody_declares_this"))!);
            Assert.True(counter.Dispatched >= 2);
            Assert.True(host.Sensors.States.Values.All(s => s.ProcessId is not null));
            var spawned = (List<object?>)(await client.GetAsync("/api/v1/triggerinstances?trigger=core.st2.sensor.process_exit"))!;
            Assert.Contains(spawned, i => Field(i, "payload") is Dictionary<string, object?> p && p["id"] is "CrashOnceSensor" && p["exit_code"] is 1L);
        }
        finally
        {
            if (Directory.Exists(venvs))
            {
                Directory.Delete(venvs, recursive: true);
            }
        }
    }
}
