using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Python;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary><c>/api/v1/sensortypes</c> on <c>sflow serve</c> running a real Python sensor: the sensor type carries its
/// process's live state, and <c>sflow sensor disable|enable</c> stop and start the process.</summary>
public sealed class ServeSensorTypesTests
{
    private static readonly string? SkipReason = File.Exists("/usr/bin/python3") ? null : "no /usr/bin/python3 (eng/ci-deps.sh installs Debian's python3 and python3-venv)";

    [SkippableFact]
    public async Task SensorDisableEnable_RunningPythonSensor_StopsAndStartsItsProcessAndTheApiShowsItsState()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var pack = Directory.CreateTempSubdirectory("sflow-sensor-pack-");
        var venvs = Directory.CreateTempSubdirectory("sflow-sensor-venvs-");
        try
        {
            WriteQuietPack(pack.FullName);
            await using var host = await ServeHost.StartAsync(new ServeOptions
            {
                PackFolders = [pack.FullName],
                Url = "http://127.0.0.1:0",
                Storage = ServeStorageKind.Memory,
                RunTimerLoop = false,
                RunSensors = true,
                Python = new PythonOptions { VirtualEnvironmentsRoot = venvs.FullName },
            });
            using var client = new ServeClient(host.Url);
            const string Path = "/api/v1/sensortypes/quiet.QuietSensor";
            var running = await client.WaitForAsync(Path, b => Field(Field(b, "state"), "status") is "running" or "backing_off", TimeSpan.FromMinutes(3));

            var (disabled, disabledJson, disableError) = await RunAsync(host, "sensor", "disable", "quiet.QuietSensor", "--json");
            var stopped = await client.GetAsync(Path);
            var (listed, listText, _) = await RunAsync(host, "sensor", "list");
            var (enabled, _, _) = await RunAsync(host, "sensor", "enable", "quiet.QuietSensor");
            var again = await client.WaitForAsync(Path, b => Field(Field(b, "state"), "status") is "running" or "backing_off", TimeSpan.FromMinutes(3));
            var (missing, _, missingError) = await RunAsync(host, "sensor", "disable", "quiet.NoSuchSensor");

            Assert.Equal("running", Field(Field(running, "state"), "status"));
            Assert.IsType<long>(Field(Field(running, "state"), "pid"));
            Assert.True(disabled == 0, disableError);
            Assert.Equal(false, Field(JsonText.Parse(disabledJson), "enabled"));
            Assert.Equal(false, Field(stopped, "enabled"));
            Assert.Equal("disabled", Field(Field(stopped, "state"), "status"));
            Assert.Null(Field(Field(stopped, "state"), "pid"));
            Assert.Equal(0, listed);
            Assert.Contains("disabled", listText, StringComparison.Ordinal);
            Assert.Equal(0, enabled);
            Assert.Equal(true, Field(again, "enabled"));
            Assert.Equal("running", Field(Field(again, "state"), "status"));
            Assert.NotEqual(Field(Field(running, "state"), "pid"), Field(Field(again, "state"), "pid"));
            Assert.Equal(1, missing);
            Assert.Contains("quiet.NoSuchSensor", missingError, StringComparison.Ordinal);
        }
        finally
        {
            pack.Delete(recursive: true);
            venvs.Delete(recursive: true);
        }
    }

    /// <summary>A pack with one polling sensor that polls once an hour and dispatches nothing.</summary>
    private static void WriteQuietPack(string folder)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(folder, "sensors"));
        File.WriteAllText(System.IO.Path.Combine(folder, "pack.yaml"), """
            ref: quiet
            name: quiet
            description: A sensor that only runs.
            version: 1.0.0
            author: ServerlessFlow
            """);
        File.WriteAllText(System.IO.Path.Combine(folder, "sensors", "quiet_sensor.yaml"), """
            class_name: QuietSensor
            entry_point: quiet_sensor.py
            description: Polls once an hour and dispatches nothing.
            poll_interval: 3600
            trigger_types:
              - name: quieted
                description: Never dispatched.
                payload_schema: {type: object}
            """);
        File.WriteAllText(System.IO.Path.Combine(folder, "sensors", "quiet_sensor.py"), """
            from st2reactor.sensor.base import PollingSensor


            class QuietSensor(PollingSensor):
                def setup(self):
                    pass

                def poll(self):
                    pass

                def cleanup(self):
                    pass

                def add_trigger(self, trigger):
                    pass

                def update_trigger(self, trigger):
                    pass

                def remove_trigger(self, trigger):
                    pass
            """);
    }

    private static Task<(int Code, string Out, string Error)> RunAsync(ServeHost host, params string[] args) => SflowAsync([.. args, "--url", host.Url]);

    private static async Task<(int Code, string Out, string Error)> SflowAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SflowCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
